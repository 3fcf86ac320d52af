// h4h layers PROJECT [--arch SPEC] [--resolution N] [--weight-bits B] [--activation-bits B]:
// the arch's hardware layer graph as CSV on stdout, totals on stderr.

#include <iostream>

#include "cli/commands.h"
#include "graph/layer_graph.h"
#include "graph/layers_csv.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/arch_spec.h"

namespace h4h::cli {

namespace {

int runLayers(const ParsedArgs& args) {
  const Project project = loadProjectOrThrow(args.project());
  const Arch arch = resolveArchSpec(project.space, args.valueOr("arch", "max"));
  LowerOptions options;
  // The resolution the hardware sees (DESIGN §3), as profile and schedule use.
  options.resolution = static_cast<int>(
      args.intOr("resolution", deploymentResolution(project.space, arch), 1, 16384));
  options.weightBits = static_cast<int>(args.intOr("weight-bits", 8, 1, 32));
  options.activationBits = static_cast<int>(args.intOr("activation-bits", 8, 1, 32));
  const std::vector<Layer> layers = lowerArch(project.space, arch, options);
  std::cout << layersCsv(layers);
  if (!args.has("quiet"))
    std::cerr << "arch " << archKey(arch) << " @" << options.resolution << ": "
              << totalsLine(graphTotals(layers)) << "\n";
  return 0;
}

}  // namespace

Command layersCommand() {
  return {"layers",
          "print an arch's hardware layer graph as CSV (totals on stderr)",
          "PROJECT [--arch KEY|max|min|FILE] [--resolution N]",
          {{"arch", "SPEC", "max (default), min, an arch key, or a JSON file with an arch"},
           {"resolution", "N", "input side in pixels (default: the arch's own, or the space's fixed deploy resolution)"},
           {"weight-bits", "B", "weight precision for byte counts (default 8)"},
           {"activation-bits", "B", "activation precision for byte counts (default 8)"}},
          runLayers};
}

}  // namespace h4h::cli
