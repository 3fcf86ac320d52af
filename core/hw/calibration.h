#pragma once
/// Our NPU model beside Arm Vela's estimate of the same network, layer by layer
/// (`h4h calibrate`, the Hardware tab's measured-vs-model view): compute and memory
/// cycles apart, with the median and worst ratio over the layers both sides cost.
///
/// Vela names operations by tensor names and rewrites the graph (fuses Pad and
/// activations, splits some ops, adds Reshape/Softmax/...), so its rows are matched
/// to our layers by order: an alignment of the two sequences that pairs rows of a
/// compatible operator type (CONV_2D with conv/pwconv, DEPTHWISE_CONV_2D with dwconv,
/// ...) whose MAC counts agree, lets up to kMaxSplit consecutive Vela rows share one
/// layer when their MACs add up to it, and otherwise leaves a row or a layer
/// unmatched — every unmatched row and every pair whose MACs differ is reported,
/// never silently compared.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/vela_csv.h"

namespace h4h {

/// Cycles of one layer (or one Vela row) by part.
struct CycleParts {
  double compute = 0.0;  ///< model: NpuBreakdown::computeCycles; Vela: "NPU"
  double sram = 0.0;     ///< model: sramCycles; Vela: "SRAM AC"
  double dram = 0.0;     ///< model: dramCycles; Vela: "DRAM AC"
  double memory = 0.0;   ///< the busiest memory: model max(sram, dram); Vela max of every "* AC"
  double total = 0.0;    ///< model: totalCycles (overhead included); Vela: "Op Cycles"

  CycleParts& operator+=(const CycleParts& o);
};

/// One line of the comparison: a layer with its Vela rows, a layer Vela has no row
/// for, or a Vela row no layer matched.
struct CalibrationRow {
  int layer = -1;                      ///< index into the layers; -1 for an unmatched Vela row
  std::vector<int> velaRows;           ///< indices into VelaPerLayer::rows; empty for an unmatched layer
  std::int64_t expectedVelaMacs = 0;   ///< what Vela would count for the layer (velaMacCount)
  std::int64_t velaMacs = 0;           ///< Σ "MAC Count" of velaRows
  bool macsAgree = false;
  CycleParts model, vela;

  bool matched() const { return layer >= 0 && !velaRows.empty(); }
  /// Counted in the ratio statistics: matched, and both sides count the same work.
  bool compared() const { return matched() && macsAgree; }
};

/// model / Vela over the compared rows where both are positive.
struct RatioStats {
  int count = 0;
  double median = NAN;   ///< geometric mean of the two middle ratios for an even count
  double worst = NAN;    ///< the ratio farthest from 1, either way (largest |log r|)
  int worstRow = -1;     ///< index into CalibrationReport::rows
};

struct CalibrationReport {
  std::vector<CalibrationRow> rows;   ///< in execution order, unmatched layers and rows in place
  int matchedLayers = 0;
  int macMismatches = 0;              ///< matched rows whose MAC counts differ (not compared)
  int unmatchedLayers = 0;
  int unmatchedVelaRows = 0;
  RatioStats compute, memory, total;
  CycleParts modelTotals;             ///< Σ over every layer
  CycleParts velaTotals;              ///< Σ over every Vela row
  double modelLatencyNs = 0.0;        ///< Σ over every layer
  double modelSramBytes = 0.0;
  double modelDramBytes = 0.0;
  std::int64_t expectedVelaMacs = 0;  ///< Σ velaMacCount over every layer
};

/// Most consecutive Vela rows one layer may be split into.
constexpr int kMaxSplit = 8;
/// Most (layers + 1) × (Vela rows + 1) pairs the alignment considers.
constexpr std::int64_t kMaxAlignmentPairs = 4000000;

/// The MACs Vela reports for a layer: a GEMM's MACs; kernel area × output elements for
/// pooling (a global pool: its input elements); none for elementwise ops
/// (npu_performance.py, measure_cycle_cost).
std::int64_t velaMacCount(const Layer& layer);
/// Whether a Vela row's operator can implement the layer's kind.
bool velaOpMatchesLayer(const VelaLayerRow& row, const Layer& layer);

/// Aligns `vela` with `layers` and costs each layer with NpuModel::breakdown under
/// `npu` (the analytical model only: measured tables are not applied). Throws
/// InputError when the two sequences are beyond kMaxAlignmentPairs.
CalibrationReport calibrateAgainstVela(const std::vector<Layer>& layers, const NpuConfig& npu,
                                       const VelaPerLayer& vela);

/// The network totals beside Vela's summary CSV, and what makes them incomparable.
struct SummaryLine {
  std::string what;   ///< "total cycles", "DRAM bytes per inference", ...
  double model = 0.0;
  double vela = 0.0;
};
struct SummaryComparison {
  std::vector<SummaryLine> lines;
  /// Settings that differ between the two sides (MACs per cycle, clock) and a summary
  /// whose totals do not add up from the per-layer rows.
  std::vector<std::string> warnings;
};
SummaryComparison compareVelaSummary(const CalibrationReport& report, const VelaSummary& summary,
                                     const NpuConfig& npu);

}  // namespace h4h
