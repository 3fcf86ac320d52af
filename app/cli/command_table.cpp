#include "cli/commands.h"

namespace h4h::cli {

const std::vector<Command>& allCommands() {
  static const std::vector<Command> kCommands = {
      validateCommand(),
      spaceCommand(),
      layersCommand(),
      profileCommand(),
      scheduleCommand(),
      exportCommand(),
      trainCommand(),
      searchCommand(),
      runCommand(),
  };
  return kCommands;
}

}  // namespace h4h::cli
