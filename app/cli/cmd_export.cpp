// h4h export PROJECT --arch KEY --out DIR: one subnet of the trained supernet as a
// standalone LibTorch module (BN statistics re-estimated), the same as a plain PyTorch
// module (model.py), its arch and layer table.

#include <iostream>

#include "cli/commands.h"
#include "graph/layers_csv.h"
#include "model/subnet_export.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/arch_spec.h"
#include "util/errors.h"

namespace h4h::cli {

namespace {

int runExport(const ParsedArgs& args) {
  const Project project = loadProjectOrThrow(args.project());
  const auto archSpec = args.value("arch");
  if (!archSpec) throw InputError("--arch: missing (max, min, an arch key or an arch JSON file)");
  const auto out = args.value("out");
  if (!out || out->empty()) throw InputError("--out: missing (the folder to write)");
  const Arch arch = resolveArchSpec(project.space, *archSpec);

  ExportOptions options;
  options.checkpointPath = args.valueOr("checkpoint", "");
  options.untrained = args.has("untrained");
  if (options.untrained && !options.checkpointPath.empty())
    throw InputError("--untrained: cannot be combined with --checkpoint");
  options.seed = static_cast<std::uint64_t>(args.intOr("seed", 1, 0, (1LL << 53)));
  options.bnBatches = static_cast<int>(args.intOr("bn-batches", -1, 0, 100000));
  options.device = args.valueOr("device", "cpu");

  const ExportResult r = exportSubnet(project, arch, *out, options);
  if (!args.has("quiet")) {
    std::cout << "exported " << archKey(arch) << " (" << humanCount(r.parameters)
              << " parameters";
    if (r.bnBatches > 0) std::cout << ", BN re-estimated on " << r.bnBatches << " batches";
    if (options.untrained) std::cout << ", untrained weights";
    if (!r.supernetRun.empty()) std::cout << ", supernet of training run " << r.supernetRun;
    std::cout << ")\n  " << r.weightsPath << "\n  " << r.stateDictPath << "\n  " << r.archPath
              << "\n  " << r.layersPath << "\n  " << r.pythonPath << "\n";
  }
  return 0;
}

}  // namespace

Command exportCommand() {
  return {"export",
          "write one subnet as a standalone LibTorch and PyTorch model with its arch and layer table",
          "PROJECT --arch KEY|max|min|FILE --out DIR [--checkpoint FILE | --untrained]",
          {{"arch", "KEY", "the subnet: max, min, an arch key or an arch JSON file"},
           {"out", "DIR", "folder to write subnet.pt, state_dict.pt, model.py, arch.json, layers.csv"},
           {"checkpoint", "FILE", "supernet weights (default: the supernet in force, "
                                  "<project>.h4h.d/supernet.pt, from the last finished run)"},
           {"untrained", "", "export freshly initialised weights (no checkpoint needed)"},
           {"seed", "N", "initialisation seed for --untrained (default 1)"},
           {"bn-batches", "N",
            "training batches for BN re-estimation (default: training.bn_recalib_batches; "
            "0 with --untrained)"},
           {"device", "cpu|cuda", "where to run the BN re-estimation (default cpu)"}},
          runExport};
}

}  // namespace h4h::cli
