#include "cli/commands.h"

#include "util/text_output.h"

namespace h4h::cli {

namespace {

/// The command with standard output flushed and checked after it ran: output lost to a
/// full disk or a closed pipe is an error naming the output (exit 2), never a silent exit 0.
Command checkingOutput(Command command) {
  command.run = [run = std::move(command.run)](const ParsedArgs& args) {
    CheckedStandardOutput out;
    const int status = run(args);
    out.finish();
    return status;
  };
  return command;
}

std::vector<Command> withOutputChecks(std::vector<Command> commands) {
  for (Command& c : commands) c = checkingOutput(std::move(c));
  return commands;
}

}  // namespace

const std::vector<Command>& allCommands() {
  static const std::vector<Command> kCommands = withOutputChecks({
      validateCommand(),
      spaceCommand(),
      layersCommand(),
      profileCommand(),
      scheduleCommand(),
      calibrateCommand(),
      exportCommand(),
      trainCommand(),
      searchCommand(),
      predictorCommand(),
      runCommand(),
      studyCommand(),
      dataCommand(),
  });
  return kCommands;
}

}  // namespace h4h::cli
