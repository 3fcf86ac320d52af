// h4h profile PROJECT [--arch SPEC] [--resolution N] [--measured FILE.csv]
//                     [--hardware-preset NAME] [--npu-preset NAME] [--npu-rows N]
//                     [--npu-cols N] [--dataflow os|ws]
//                     [--memory-mode sram_only|shared_sram|dedicated_sram] [--sram-cache-kib N]
// h4h profile [PROJECT] --topology FILE.csv [...]
// h4h profile [PROJECT] --network NAME [--resolution N] [...]   (a bundled reference network)
// Per-layer NPU / CIM / link costs as CSV on stdout (hw/profile_csv.h), totals on stderr.

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/network_source.h"
#include "eval/eval_context.h"
#include "graph/layer_graph.h"
#include "hw/measured_table.h"
#include "hw/npu_memory.h"
#include "hw/presets.h"
#include "hw/profile_csv.h"
#include "hw/profiler.h"
#include "hw/scalesim_topology.h"

namespace h4h::cli {

namespace {

std::string ms(double ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", ns * 1e-6);
  return buf;
}

std::string uj(double nj) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f uJ", nj * 1e-3);
  return buf;
}

void applyOverrides(const ParsedArgs& args, HardwareConfig& hw) {
  if (auto soc = args.value("hardware-preset")) {
    // The whole hardware section from a combined SoC preset (soc_<name>.json).
    ErrorList errors;
    if (!applySocPreset(*soc, "--hardware-preset", errors, hw)) throw InputError(errors);
  }
  if (auto preset = args.value("npu-preset")) {
    hw.npu = loadNpuPreset(*preset);
    hw.npuPreset = *preset;
  }
  hw.npu.rows = static_cast<int>(args.intOr("npu-rows", hw.npu.rows, 1, 4096));
  hw.npu.cols = static_cast<int>(args.intOr("npu-cols", hw.npu.cols, 1, 4096));
  if (auto df = args.value("dataflow")) {
    if (!parseDataflow(*df, hw.npu.dataflow))
      throw InputError("--dataflow: must be os or ws (" + *df + ")");
  }
  if (auto mode = args.value("memory-mode")) {
    if (!parseMemoryMode(*mode, hw.npu.memoryMode))
      throw InputError(std::string("--memory-mode: must be one of ") + memoryModeChoices() + " (" +
                       *mode + ")");
  }
  constexpr long long kMaxCacheKib = 1000000000LL / 1024;  // hardware.npu.sram_cache_bytes' range
  if (args.has("sram-cache-kib"))
    hw.npu.sramCacheBytes = 1024 * args.intOr("sram-cache-kib", 0, 1, kMaxCacheKib);
}

std::string megabytes(std::int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f MB", static_cast<double>(bytes) * 1e-6);
  return buf;
}

int runProfile(const ParsedArgs& args) {
  NetworkSource source = loadNetworkSource(args);
  HardwareConfig& hw = source.hw;
  const std::vector<Layer>& layers = source.layers;
  const std::string& what = source.what;
  std::string measuredPath = args.valueOr("measured", "");
  std::shared_ptr<const MeasuredTable> measured;
  if (source.project) {
    measured = projectMeasuredTable(*source.project, measuredPath);
    if (measuredPath.empty() && !hw.measuredTablePath.empty())
      measuredPath = source.project->resolvePath(hw.measuredTablePath);
  }
  applyOverrides(args, hw);

  // Without a project, --measured names the one file to use.
  if (!measured && !measuredPath.empty())
    measured = std::make_shared<const MeasuredTable>(loadMeasuredTable(measuredPath));
  const bool haveMeasured = measured != nullptr;
  const NetworkProfile profile = profileNetwork(layers, hw, measured.get());
  std::cout << profileCsv(layers, profile);

  if (!args.has("quiet")) {
    double npuNs = 0, npuNj = 0;
    std::int64_t dramBytes = 0;
    std::size_t cimOk = 0;
    for (const LayerProfile& p : profile) {
      npuNs += p.npu.latencyNs;
      npuNj += p.npu.energyNj;
      dramBytes += p.npu.dramBytes;
      cimOk += p.cim.supported ? 1 : 0;
    }
    std::cerr << what << ": " << layers.size() << " layers on " << hw.npu.cores << "x"
              << hw.npu.rows << "x" << hw.npu.cols << " " << dataflowName(hw.npu.dataflow)
              << " NPU, " << memoryModeName(hw.npu.memoryMode) << "; all on the NPU "
              << ms(npuNs) << ", " << uj(npuNj) << ", DRAM " << megabytes(dramBytes)
              << "/frame; " << cimOk << " layers can run on the CIM\n";
    const NpuMemorySummary memory = planNpuMemory(layers, hw.npu).summary;
    if (!memory.fits()) std::cerr << "warning: " << memory.warning() << "\n";
    if (haveMeasured) {
      const auto unmatched = measured->unmatchedRows(layers);
      std::cerr << measuredPath << ": " << measured->rows().size() - unmatched.size() << " of "
                << measured->rows().size() << " measured rows used";
      if (!unmatched.empty()) {
        std::cerr << "; rows matching no layer at lines";
        for (const MeasuredRow* r : unmatched) std::cerr << " " << r->line;
      }
      std::cerr << "\n";
    }
  }
  return 0;
}

}  // namespace

Command profileCommand() {
  return {"profile",
          "per-layer NPU, CIM and link costs of an arch (or a SCALE-Sim topology) as CSV",
          "PROJECT [--arch KEY|max|min|FILE] [--resolution N] | [PROJECT] --topology FILE.csv | "
          "[PROJECT] --network NAME",
          {{"arch", "SPEC", "max (default), min, an arch key, or a JSON file with an arch"},
           {"resolution", "N", "input side in pixels (default: the arch's own, or the space's fixed deploy resolution)"},
           {"topology", "FILE", "profile a SCALE-Sim topology CSV (conv or GEMM form) instead"},
           {"network", "NAME", "profile a bundled reference network instead (an unknown name lists them)"},
           {"measured", "FILE", "measured-costs CSV (default: the project's hardware.measured_table)"},
           {"hardware-preset", "NAME", "the whole SoC from a combined preset (arvr, npu_only)"},
           {"npu-preset", "NAME", "start the NPU from a preset (ethos_u65_256, ethos_u65_512)"},
           {"npu-rows", "N", "systolic array rows"},
           {"npu-cols", "N", "systolic array columns"},
           {"dataflow", "os|ws", "output- or weight-stationary"},
           {"memory-mode", "MODE",
            "sram_only, shared_sram (weights streamed from DRAM) or dedicated_sram (SRAM as a cache)"},
           {"sram-cache-kib", "N", "NPU SRAM cache in dedicated_sram mode, KiB (preset: 512)"}},
          runProfile};
}

void applyProfileHardwareOptions(const ParsedArgs& args, HardwareConfig& hw) { applyOverrides(args, hw); }

}  // namespace h4h::cli
