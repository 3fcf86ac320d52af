// h4h calibrate [PROJECT] (--network NAME | --topology FILE | --arch SPEC)
//               --vela PER_LAYER.csv [--summary SUMMARY.csv] [--csv FILE]   (older spellings:
//               --vela-per-layer, --vela-summary)
//               [--npu-preset NAME] [... the hardware options of h4h profile]
// The NPU model beside Arm Vela's estimate of the same network: per layer the compute,
// memory and total cycles of both with their ratio, the median and worst ratio, every
// Vela row or layer left unmatched, and (with the summary CSV) the network totals.
// The report goes to stdout, warnings to stderr.

#include <cmath>
#include <iostream>

#include "cli/commands.h"
#include "cli/network_source.h"
#include "cli/text_format.h"
#include "hw/calibration.h"
#include "hw/calibration_csv.h"
#include "hw/vela_csv.h"
#include "util/errors.h"
#include "util/text_output.h"

namespace h4h::cli {

namespace {

std::string ratioText(const CalibrationRow& row, double CycleParts::*part) {
  if (!row.compared() || !(row.model.*part > 0.0) || !(row.vela.*part > 0.0)) return "-";
  return fmt("%.2f", row.model.*part / row.vela.*part);
}

/// "model Vela ratio" cells of one part.
std::string partCells(const CalibrationRow& row, double CycleParts::*part) {
  const std::string model = row.layer >= 0 ? fmt("%.0f", row.model.*part) : "-";
  const std::string vela = row.velaRows.empty() ? "-" : fmt("%.0f", row.vela.*part);
  return padLeft(model, 9) + padLeft(vela, 9) + padLeft(ratioText(row, part), 7);
}

std::string layerText(const Layer& l) {
  return "layer " + std::to_string(l.id) + " " + clipText(l.block, 24) + " " + layerKindName(l.kind);
}

std::string velaText(const VelaPerLayer& vela, const CalibrationRow& row) {
  std::string s;
  for (int r : row.velaRows) {
    const VelaLayerRow& v = vela.rows[std::size_t(r)];
    s += (s.empty() ? "" : ", ") + std::string("Vela line ") + std::to_string(v.line) + " " +
         clipText(v.sourceOperator, 24);
  }
  return s;
}

void printRows(const CalibrationReport& report, const std::vector<Layer>& layers, const VelaPerLayer& vela) {
  std::cout << padded("layer", 34) << padded("Vela", 26) << padLeft("MACs", 11)
            << padLeft("compute: model", 19) << padLeft("Vela", 9) << padLeft("ratio", 7)
            << padLeft("memory: model", 18) << padLeft("Vela", 9) << padLeft("ratio", 7)
            << padLeft("total: model", 17) << padLeft("Vela", 9) << padLeft("ratio", 7) << "  note\n";
  for (const CalibrationRow& row : report.rows) {
    const std::string layer = row.layer >= 0 ? layerText(layers[std::size_t(row.layer)]) : "-";
    std::string velaCell = "-";
    if (!row.velaRows.empty()) {
      const VelaLayerRow& first = vela.rows[std::size_t(row.velaRows.front())];
      velaCell = std::to_string(first.line) + " " + clipText(first.sourceOperator, 18);
      if (row.velaRows.size() > 1) velaCell += " +" + std::to_string(row.velaRows.size() - 1);
    }
    const std::int64_t macs = row.layer >= 0 ? row.expectedVelaMacs : row.velaMacs;
    std::string note;
    if (row.layer < 0) note = "no layer: not compared";
    else if (row.velaRows.empty()) note = "no Vela row: not compared";
    else if (!row.macsAgree) note = "MACs differ (Vela " + std::to_string(row.velaMacs) + "): not compared";
    else if (row.velaRows.size() > 1) note = "split by Vela into " + std::to_string(row.velaRows.size()) + " rows";
    std::cout << padded(layer, 34) << padded(velaCell, 26) << padLeft(std::to_string(macs), 11)
              << padLeft("", 4) << partCells(row, &CycleParts::compute) << padLeft("", 3)
              << partCells(row, &CycleParts::memory) << padLeft("", 3) << partCells(row, &CycleParts::total)
              << (note.empty() ? "" : "  " + note) << "\n";
  }
}

void printStats(const char* name, const RatioStats& s, const CalibrationReport& report,
                const std::vector<Layer>& layers, const VelaPerLayer& vela) {
  std::cout << "  " << padded(name, 9);
  if (s.count == 0) {
    std::cout << "no layer with both sides above 0\n";
    return;
  }
  const CalibrationRow& worst = report.rows[std::size_t(s.worstRow)];
  std::cout << "median " << fmt("%.2f", s.median) << ", worst " << fmt("%.2f", s.worst) << " ("
            << layerText(layers[std::size_t(worst.layer)]) << ", " << velaText(vela, worst) << ") over "
            << s.count << " layers\n";
}

void printUnmatched(const CalibrationReport& report, const std::vector<Layer>& layers,
                    const VelaPerLayer& vela) {
  for (const CalibrationRow& row : report.rows) {
    if (row.layer < 0) {
      const VelaLayerRow& v = vela.rows[std::size_t(row.velaRows.front())];
      std::cout << "  Vela line " << v.line << " " << clipText(v.sourceOperator, 24) << "/"
                << clipText(v.npuOperator, 24) << " '" << clipText(v.name, 60)
                << "': no layer of a matching kind at this point\n";
    } else if (row.velaRows.empty()) {
      std::cout << "  " << layerText(layers[std::size_t(row.layer)]) << ": no Vela row of a matching operator\n";
    } else if (!row.macsAgree) {
      std::cout << "  " << layerText(layers[std::size_t(row.layer)]) << " and " << velaText(vela, row)
                << ": MACs differ (model " << row.expectedVelaMacs << ", Vela " << row.velaMacs << ")\n";
    }
  }
}

void printSummary(const SummaryComparison& cmp, const VelaSummary& summary) {
  std::cout << "\nNetwork totals beside " << summary.source << " (" << clipText(summary.acceleratorConfiguration, 40)
            << ", " << clipText(summary.systemConfig, 40) << ", " << clipText(summary.memoryMode, 40) << "):\n";
  std::cout << "  " << padded("", 28) << padLeft("model", 14) << padLeft("Vela", 14) << padLeft("ratio", 8) << "\n";
  for (const SummaryLine& line : cmp.lines) {
    const bool ms = line.what.rfind("latency", 0) == 0;
    std::cout << "  " << padded(line.what, 28) << padLeft(fmt(ms ? "%.3f" : "%.0f", line.model), 14)
              << padLeft(fmt(ms ? "%.3f" : "%.0f", line.vela), 14)
              << padLeft(line.vela > 0.0 ? fmt("%.2f", line.model / line.vela) : "-", 8) << "\n";
  }
}

int runCalibrate(const ParsedArgs& args) {
  const auto perLayerPath = args.value("vela");
  if (!perLayerPath) throw InputError("missing --vela PER_LAYER.csv (Vela's --verbose-performance output)");
  NetworkSource source = loadNetworkSource(args);
  applyProfileHardwareOptions(args, source.hw);
  const VelaPerLayer vela = loadVelaPerLayerCsv(*perLayerPath);
  std::optional<VelaSummary> summary;
  if (auto path = args.value("summary")) summary = loadVelaSummaryCsv(*path);

  const NpuConfig& npu = source.hw.npu;
  const CalibrationReport report = calibrateAgainstVela(source.layers, npu, vela);
  if (auto path = args.value("csv")) writeTextFile(*path, calibrationCsv(report, source.layers, vela));

  std::cout << "Model vs Vela: " << source.what << ", " << source.layers.size() << " layers on a "
            << npu.rows << "x" << npu.cols << " " << dataflowName(npu.dataflow) << " NPU at "
            << fmt("%g", npu.clockGhz) << " GHz (preset " << source.hw.npuPreset << "); " << vela.source
            << ", " << vela.rows.size() << " Vela rows. Cycles per inference; ratio = model / Vela.\n\n";
  printRows(report, source.layers, vela);

  const int layers = static_cast<int>(source.layers.size());
  std::cout << "\nMatched " << report.matchedLayers << " of " << layers << " layers to Vela rows; "
            << report.matchedLayers - report.macMismatches << " with the same MAC count are compared.\n";
  if (report.unmatchedLayers + report.unmatchedVelaRows + report.macMismatches > 0) {
    std::cout << "Not compared (" << report.unmatchedVelaRows << " Vela rows without a layer, "
              << report.unmatchedLayers << " layers without a Vela row, " << report.macMismatches
              << " pairs whose MACs differ):\n";
    printUnmatched(report, source.layers, vela);
  }
  std::cout << "Ratio model / Vela:\n";
  printStats("compute", report.compute, report, source.layers, vela);
  printStats("memory", report.memory, report, source.layers, vela);
  printStats("total", report.total, report, source.layers, vela);

  if (summary) {
    const SummaryComparison cmp = compareVelaSummary(report, *summary, npu);
    printSummary(cmp, *summary);
    for (const std::string& w : cmp.warnings) std::cerr << "warning: " << w << "\n";
  }
  if (report.macMismatches > 0 && report.macMismatches * 2 >= report.matchedLayers)
    std::cerr << "warning: the MAC counts of most matched layers differ: is the Vela file from the same "
                 "network and input resolution?\n";
  return 0;
}

}  // namespace

Command calibrateCommand() {
  static const std::vector<std::string> kFromProfile = {"network", "topology", "arch", "resolution",
                                                        "npu-preset", "memory-mode", "npu-rows",
                                                        "npu-cols", "dataflow"};
  std::vector<OptionSpec> options = {
      {"vela", "FILE", "Vela's per-layer CSV (<network>_per-layer.csv from --verbose-performance)",
       {"vela-per-layer"}},
      {"summary", "FILE", "Vela's summary CSV (<network>_summary_<system config>.csv): network totals",
       {"vela-summary"}},
      {"csv", "FILE", "write the per-layer comparison as CSV"}};
  for (OptionSpec& o : optionsNamed(profileCommand().options, kFromProfile)) options.push_back(std::move(o));
  return {"calibrate",
          "the NPU model beside Arm Vela's per-layer estimate: compute and memory cycles, median and worst ratio",
          "[PROJECT] (--network NAME | --topology FILE.csv | --arch SPEC) --vela PER_LAYER.csv "
          "[--summary SUMMARY.csv] [--csv FILE]",
          std::move(options), runCalibrate};
}

}  // namespace h4h::cli
