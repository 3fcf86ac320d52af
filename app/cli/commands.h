#pragma once
// The table of `h4h` subcommands. Each command lives in its own cmd_*.cpp and
// exposes one factory here; command_table.cpp lists them in help order.

#include <vector>

#include "cli/cli_args.h"
#include "hw/hardware_config.h"

namespace h4h::cli {

Command validateCommand();   // cmd_validate.cpp
Command layersCommand();     // cmd_layers.cpp
Command profileCommand();    // cmd_profile.cpp
Command scheduleCommand();   // cmd_schedule.cpp
Command spaceCommand();      // cmd_space.cpp
Command exportCommand();     // cmd_export.cpp
Command trainCommand();     // cmd_train.cpp
Command searchCommand();    // cmd_search.cpp
Command runCommand();       // cmd_run.cpp
Command calibrateCommand(); // cmd_calibrate.cpp
Command studyCommand();     // cmd_study.cpp
Command dataCommand();      // cmd_data.cpp
Command predictorCommand(); // cmd_predictor.cpp

/// The hardware options of `h4h profile` (--npu-preset, --npu-rows, ...) applied to `hw`
/// (cmd_profile.cpp); `h4h calibrate` takes the same options.
void applyProfileHardwareOptions(const ParsedArgs& args, HardwareConfig& hw);

/// Every command, in the order `h4h --help` lists them.
const std::vector<Command>& allCommands();

}  // namespace h4h::cli
