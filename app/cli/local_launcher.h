#pragma once
// `--nproc N`: runs N copies of this program as the ranks of one data-parallel run on
// this machine (a rendezvous on 127.0.0.1 at a free port) and supervises them, the way
// torchrun does for one node: Ctrl-C is passed on to every rank once (they stop after
// the same step, rank 0 saves), a second Ctrl-C kills them; when a rank fails, the
// others get the collective timeout to stop on their own before they are killed.

#include <string>
#include <vector>

namespace h4h::cli {

struct LocalLaunch {
  std::vector<std::string> args;  ///< every rank's arguments after the program name
  int processes = 2;
  int threadsPerProcess = 1;
  double timeoutSeconds = 300.0;  ///< the ranks' collective timeout
  std::string command;            ///< for messages, e.g. "h4h train"
};

/// Starts the ranks (this executable with `args` and --rank, --world-size,
/// --master-addr, --master-port, --threads; --quiet for ranks above 0) and waits for
/// them. Returns 0 when every rank did, 130 when interrupted, else the first failed
/// rank's exit status (1 for a rank killed by a signal), after saying which rank.
int runLocalRanks(const LocalLaunch& launch);

}  // namespace h4h::cli
