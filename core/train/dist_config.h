#pragma once
/// Where a training process stands in a data-parallel run, and how to reach the others:
/// the torchrun convention (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT),
/// given as command-line values or read from the environment. Torch-free (the CLI and
/// the studio fill it; train/process_group.h connects it).

#include <functional>
#include <string>

namespace h4h {

struct DistConfig {
  int rank = 0;
  int worldSize = 1;
  int localRank = 0;                   ///< rank among the processes of this machine
  std::string masterAddr = "127.0.0.1";  ///< host of rank 0's rendezvous store
  int masterPort = 29500;              ///< torchrun's default port
  /// Seconds a collective (or the rendezvous) waits for the other ranks before the run
  /// stops with an error naming the ranks that did not answer.
  double timeoutSeconds = 300.0;

  bool distributed() const { return worldSize > 1; }
};

/// Default for DistConfig::timeoutSeconds's limits: one second to one day.
constexpr double kMinDistTimeout = 1.0;
constexpr double kMaxDistTimeout = 86400.0;

/// Fills the fields the environment sets (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
/// MASTER_PORT, H4H_DIST_TIMEOUT) over `base`. `getenv` is injectable for tests. Throws
/// InputError naming the variable and its value when one is not a number in range.
DistConfig distConfigFromEnvironment(DistConfig base,
                                     const std::function<const char*(const char*)>& getenv);

/// Throws InputError naming the field (as `--rank`-style option names) when the values
/// do not describe a run: rank outside [0, world size), a port outside [1, 65535], an
/// empty address, a timeout outside its limits.
void validateDistConfig(const DistConfig& config);

/// A TCP port nobody listens on now on 127.0.0.1 (bound to 0, read back, released):
/// rank 0 opens its rendezvous store there a moment later, as torchrun's standalone
/// mode does. Throws std::runtime_error when no socket can be had.
int freeLoopbackPort();

}  // namespace h4h
