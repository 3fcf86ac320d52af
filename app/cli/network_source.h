#pragma once
// What the profiling commands (`h4h profile`, `h4h calibrate`) cost: an arch of a
// PROJECT, a SCALE-Sim topology or a bundled reference network, with the hardware it
// runs on (the project's, or the default presets without one). The options that
// choose it are declared by `h4h profile`; `h4h calibrate` takes the same ones.

#include <optional>
#include <string>
#include <vector>

#include "cli/cli_args.h"
#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "project/project.h"

namespace h4h::cli {

struct NetworkSource {
  std::vector<Layer> layers;
  HardwareConfig hw;               ///< the project's, else defaultHardware(); no options applied
  std::string what;                ///< "arch KEY @224", "topology F.csv", "network mobilenet_v2"
  std::optional<Project> project;  ///< when a PROJECT was given
};

/// [PROJECT] with --arch/--resolution, --topology FILE or --network NAME. Throws
/// InputError for conflicting or missing choices (an unknown network lists the bundled ones).
NetworkSource loadNetworkSource(const ParsedArgs& args);

/// The options of `from` named in `names`, in the order of `names` (names `from` does
/// not declare are skipped), so one command can take another's options with their help.
std::vector<OptionSpec> optionsNamed(const std::vector<OptionSpec>& from,
                                     const std::vector<std::string>& names);

}  // namespace h4h::cli
