#pragma once
// `--nproc N`: runs N copies of this program as the ranks of one data-parallel run on
// this machine (a rendezvous on 127.0.0.1 at a free port) and supervises them, the way
// torchrun does for one node: Ctrl-C is passed on to every rank once (they stop after
// the same step, rank 0 saves), a second Ctrl-C kills them; when a rank fails, the
// others get a few seconds to stop on their own (naming it) before they are killed.

#include <string>
#include <vector>

#include "cli/cli_args.h"
#include "train/dist_config.h"

namespace h4h::cli {

struct LocalLaunch {
  std::vector<std::string> args;  ///< every rank's arguments after the program name
  int processes = 2;
  int threadsPerProcess = 1;
  std::string command;            ///< for messages, e.g. "h4h train"
};

/// Starts the ranks (this executable with `args` and --rank, --world-size,
/// --master-addr, --master-port, --threads; --quiet for ranks above 0) and waits for
/// them. Returns 0 when every rank did, 130 when interrupted, else the first failed
/// rank's exit status (1 for a rank killed by a signal), after saying which rank.
int runLocalRanks(const LocalLaunch& launch);

/// Adds the data-parallel options (--nproc, --rank, --world-size, --master-addr,
/// --master-port, --dist-timeout) to `command` (`what` says what the ranks share, e.g.
/// "the training").
void withDistOptions(Command& command, const std::string& what);
/// This process's place in a data-parallel run: torchrun's environment variables,
/// overridden by the rank options. Throws InputError naming the option or variable.
DistConfig distConfigFromArgs(const ParsedArgs& args);
/// `--nproc N`: `command` again as N ranks on this machine (the same arguments, threads
/// split between them). Refuses the rank options beside it.
int launchRanks(const Command& command, const ParsedArgs& args, int processes);

}  // namespace h4h::cli
