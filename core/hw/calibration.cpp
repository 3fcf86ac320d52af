#include "hw/calibration.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

#include "hw/npu_model.h"
#include "util/errors.h"

namespace h4h {

namespace {

/// Operator classes shared by both sides: Vela's (TFLite builtin or Vela-internal)
/// operator names and our layer kinds map to them.
struct OpClass {
  const char* op;
  const char* cls;
};
constexpr OpClass kVelaOpClasses[] = {
    {"CONV_2D", "conv"},           {"Conv2DBias", "conv"},         {"Conv2D", "conv"},
    {"DEPTHWISE_CONV_2D", "dwconv"}, {"DepthwiseConv2DBias", "dwconv"},
    {"FULLY_CONNECTED", "fc"},     {"FullyConnected", "fc"},
    {"ADD", "add"},                {"Add", "add"},
    {"AVERAGE_POOL_2D", "pool"},   {"AvgPool", "pool"},            {"MAX_POOL_2D", "pool"},
    {"MaxPool", "pool"},           {"MEAN", "pool"},               {"Mean", "pool"},
    {"BATCH_MATMUL", "matmul"},    {"MatMul", "matmul"},
    {"SOFTMAX", "softmax"},        {"Softmax", "softmax"},
    {"MUL", "mul"},                {"Mul", "mul"},
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// The class of a Vela row: from the input network's operator, or from Vela's own
/// operator for the ops Vela added (source operator UNKNOWN).
std::string velaClass(const VelaLayerRow& row) {
  const bool added = row.sourceOperator.empty() || row.sourceOperator == "UNKNOWN";
  const std::string& op = added ? row.npuOperator : row.sourceOperator;
  for (const OpClass& c : kVelaOpClasses)
    if (op == c.op) return c.cls;
  return lower(op);
}

/// The classes a layer kind may be implemented by in a TFLite network.
std::vector<std::string> layerClasses(LayerKind kind) {
  switch (kind) {
    case LayerKind::Conv: return {"conv"};
    case LayerKind::PwConv: return {"conv", "fc"};
    case LayerKind::DwConv: return {"dwconv"};
    case LayerKind::Fc:
    case LayerKind::AttnQkv:
    case LayerKind::AttnProj:
    case LayerKind::MlpFc1:
    case LayerKind::MlpFc2: return {"fc", "conv"};
    case LayerKind::AttnQk:
    case LayerKind::AttnAv: return {"matmul", "fc"};
    case LayerKind::Add: return {"add"};
    case LayerKind::Pool: return {"pool"};
    // One layer of ours, several elementwise and reduction ops in Vela: never paired.
    case LayerKind::Se:
    case LayerKind::LayerNorm: return {};
    default: return {layerKindName(kind)};  // kinds added later pair with Vela ops of the same name
  }
}

CycleParts modelParts(const NpuBreakdown& b) {
  CycleParts p;
  p.compute = double(b.computeCycles);
  p.sram = double(b.sramCycles);
  p.dram = double(b.dramCycles);
  p.memory = std::max(p.sram, p.dram);
  p.total = double(b.totalCycles);
  return p;
}

CycleParts velaParts(const VelaLayerRow& r) {
  CycleParts p;
  p.compute = r.npuCycles;
  p.sram = r.sramAccessCycles;
  p.dram = r.dramAccessCycles;
  p.memory = r.memoryCycles();
  p.total = r.opCycles;
  return p;
}

/// MAC counts agree when equal up to Vela's rounding of split ops (0.1 %).
bool macsAgree(std::int64_t expected, std::int64_t vela) {
  const double tolerance = 0.001 * double(std::max<std::int64_t>(expected, 1));
  return std::abs(double(expected - vela)) <= tolerance;
}

RatioStats ratioStats(const std::vector<CalibrationRow>& rows, double CycleParts::*part) {
  struct Entry {
    double ratio;
    int row;
  };
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CalibrationRow& r = rows[i];
    if (!r.compared() || !(r.model.*part > 0.0) || !(r.vela.*part > 0.0)) continue;
    entries.push_back({r.model.*part / r.vela.*part, static_cast<int>(i)});
  }
  RatioStats s;
  s.count = static_cast<int>(entries.size());
  if (entries.empty()) return s;
  double worstLog = -1.0;
  for (const Entry& e : entries) {
    if (std::fabs(std::log(e.ratio)) > worstLog) {
      worstLog = std::fabs(std::log(e.ratio));
      s.worst = e.ratio;
      s.worstRow = e.row;
    }
  }
  std::vector<double> sorted;
  for (const Entry& e : entries) sorted.push_back(e.ratio);
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  s.median = sorted.size() % 2 ? sorted[mid] : std::sqrt(sorted[mid - 1] * sorted[mid]);
  return s;
}

// Alignment costs, in half units: pairing rows whose MACs agree is free (a split costs a
// little so that a single row is preferred when one fits), pairing rows whose MACs
// differ costs less than leaving both unmatched, so the order is kept and the
// disagreement reported.
constexpr int kSkipCost = 2;
constexpr int kSplitCostPerRow = 1;
constexpr int kMacMismatchCost = 3;

enum Move : std::uint8_t { kNone = 0, kSkipLayer = 1, kSkipRow = 2, kPair = 3 /* + k - 1 */ };

}  // namespace

CycleParts& CycleParts::operator+=(const CycleParts& o) {
  compute += o.compute;
  sram += o.sram;
  dram += o.dram;
  memory += o.memory;
  total += o.total;
  return *this;
}

std::int64_t velaMacCount(const Layer& layer) {
  switch (layer.kind) {
    case LayerKind::Pool: return layer.in.elements();
    case LayerKind::Add: return 0;
    default: return layer.macs;
  }
}

bool velaOpMatchesLayer(const VelaLayerRow& row, const Layer& layer) {
  const std::string cls = velaClass(row);
  const std::vector<std::string> allowed = layerClasses(layer.kind);
  return std::find(allowed.begin(), allowed.end(), cls) != allowed.end();
}

CalibrationReport calibrateAgainstVela(const std::vector<Layer>& layers, const NpuConfig& npu,
                                       const VelaPerLayer& vela) {
  const std::int64_t n = static_cast<std::int64_t>(layers.size());
  const std::int64_t m = static_cast<std::int64_t>(vela.rows.size());
  if ((n + 1) * (m + 1) > kMaxAlignmentPairs)
    throw InputError(vela.source + ": too large to align: " + std::to_string(n) + " layers x " +
                     std::to_string(m) + " Vela rows (at most " + std::to_string(kMaxAlignmentPairs) +
                     " pairs)");

  // compatible[i * m + j]: Vela row j can implement layer i.
  std::vector<std::string> rowClasses;
  for (const VelaLayerRow& row : vela.rows) rowClasses.push_back(velaClass(row));
  std::vector<std::uint8_t> compatible(static_cast<std::size_t>(n * m));
  for (std::int64_t i = 0; i < n; ++i) {
    const std::vector<std::string> allowed = layerClasses(layers[std::size_t(i)].kind);
    for (std::int64_t j = 0; j < m; ++j)
      compatible[static_cast<std::size_t>(i * m + j)] =
          std::find(allowed.begin(), allowed.end(), rowClasses[std::size_t(j)]) != allowed.end();
  }

  const std::size_t width = static_cast<std::size_t>(m + 1);
  std::vector<int> cost(static_cast<std::size_t>((n + 1) * (m + 1)), std::numeric_limits<int>::max());
  std::vector<std::uint8_t> move(cost.size(), kNone);
  auto at = [width](std::int64_t i, std::int64_t j) { return static_cast<std::size_t>(i) * width + std::size_t(j); };
  cost[0] = 0;
  for (std::int64_t i = 0; i <= n; ++i) {
    for (std::int64_t j = 0; j <= m; ++j) {
      if (i == 0 && j == 0) continue;
      int best = std::numeric_limits<int>::max();
      std::uint8_t how = kNone;
      auto offer = [&](int c, std::uint8_t what) {
        if (c < best) {
          best = c;
          how = what;
        }
      };
      if (i > 0) {
        // Layer i-1 paired with the k Vela rows ending at j-1 (preferred on ties: k = 1 first).
        const std::int64_t expected = velaMacCount(layers[std::size_t(i - 1)]);
        std::int64_t macs = 0;
        for (int k = 1; k <= kMaxSplit && j - k >= 0; ++k) {
          const std::int64_t row = j - k;
          if (!compatible[std::size_t((i - 1) * m + row)]) break;
          macs += vela.rows[std::size_t(row)].macs;
          const bool agree = macsAgree(expected, macs);
          if (k > 1 && !agree) continue;
          const int step = agree ? kSplitCostPerRow * (k - 1) : kMacMismatchCost;
          offer(cost[at(i - 1, j - k)] + step, std::uint8_t(kPair + k - 1));
        }
      }
      if (j > 0) offer(cost[at(i, j - 1)] + kSkipCost, kSkipRow);
      if (i > 0) offer(cost[at(i - 1, j)] + kSkipCost, kSkipLayer);
      cost[at(i, j)] = best;
      move[at(i, j)] = how;
    }
  }

  CalibrationReport report;
  const NpuModel model(npu);
  std::vector<CycleParts> layerParts(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const NpuBreakdown b = model.breakdown(layers[i]);
    layerParts[i] = modelParts(b);
    report.modelTotals += layerParts[i];
    report.modelLatencyNs += b.latencyNs;
    report.modelSramBytes += double(b.sramBytes);
    report.modelDramBytes += double(b.dramBytes);
    report.expectedVelaMacs += velaMacCount(layers[i]);
  }
  for (const VelaLayerRow& r : vela.rows) report.velaTotals += velaParts(r);

  std::int64_t i = n, j = m;
  while (i > 0 || j > 0) {
    const std::uint8_t how = move[at(i, j)];
    CalibrationRow row;
    if (how == kSkipRow) {
      row.velaRows = {static_cast<int>(j - 1)};
      row.velaMacs = vela.rows[std::size_t(j - 1)].macs;
      row.vela = velaParts(vela.rows[std::size_t(j - 1)]);
      --j;
      ++report.unmatchedVelaRows;
    } else {
      row.layer = static_cast<int>(i - 1);
      row.model = layerParts[std::size_t(i - 1)];
      row.expectedVelaMacs = velaMacCount(layers[std::size_t(i - 1)]);
      if (how == kSkipLayer) {
        ++report.unmatchedLayers;
      } else {
        const int k = how - kPair + 1;
        // Split rows run one after another: every part, the busiest memory included, adds up.
        for (std::int64_t r = j - k; r < j; ++r) {
          row.velaRows.push_back(static_cast<int>(r));
          row.velaMacs += vela.rows[std::size_t(r)].macs;
          row.vela += velaParts(vela.rows[std::size_t(r)]);
        }
        row.macsAgree = macsAgree(row.expectedVelaMacs, row.velaMacs);
        ++report.matchedLayers;
        if (!row.macsAgree) ++report.macMismatches;
        j -= k;
      }
      --i;
    }
    report.rows.push_back(std::move(row));
  }
  std::reverse(report.rows.begin(), report.rows.end());
  report.compute = ratioStats(report.rows, &CycleParts::compute);
  report.memory = ratioStats(report.rows, &CycleParts::memory);
  report.total = ratioStats(report.rows, &CycleParts::total);
  return report;
}

SummaryComparison compareVelaSummary(const CalibrationReport& report, const VelaSummary& summary,
                                     const NpuConfig& npu) {
  SummaryComparison out;
  const double clockHz = npu.clockGhz * 1e9;
  out.lines = {
      {"latency (ms)", report.modelLatencyNs * 1e-6, summary.inferenceTimeS * 1e3},
      {"total cycles", report.modelTotals.total, summary.cyclesTotal},
      {"compute cycles (Vela: NPU)", report.modelTotals.compute, summary.cyclesNpu},
      {"SRAM access cycles", report.modelTotals.sram, summary.cyclesSramAccess},
      {"DRAM access cycles", report.modelTotals.dram, summary.cyclesDramAccess},
      {"SRAM bytes per inference", report.modelSramBytes, summary.sramTotalBytes},
      {"DRAM bytes per inference", report.modelDramBytes, summary.dramTotalBytes},
      {"MACs (as Vela counts them)", double(report.expectedVelaMacs), double(summary.macs)},
  };
  char buf[256];
  const int velaMacs = summary.acceleratorMacsPerCycle();
  const int ourMacs = npu.rows * npu.cols * npu.cores;
  if (velaMacs > 0 && velaMacs != ourMacs) {
    std::snprintf(buf, sizeof buf, "Vela compiled for %s (%d MACs/cycle); the model's NPU has %d (%d x %dx%d)",
                  clipText(summary.acceleratorConfiguration, 40).c_str(), velaMacs, ourMacs, npu.cores, npu.rows,
                  npu.cols);
    out.warnings.push_back(buf);
  }
  if (std::fabs(summary.coreClockHz - clockHz) > 0.005 * clockHz) {
    std::snprintf(buf, sizeof buf, "Vela's core clock is %.4g MHz; the model's is %.4g MHz",
                  summary.coreClockHz * 1e-6, clockHz * 1e-6);
    out.warnings.push_back(buf);
  }
  if (std::fabs(report.velaTotals.total - summary.cyclesTotal) > 0.01 * std::max(summary.cyclesTotal, 1.0)) {
    std::snprintf(buf, sizeof buf,
                  "the per-layer rows add up to %.0f cycles but the summary says %.0f: are the two "
                  "files from the same Vela run?",
                  report.velaTotals.total, summary.cyclesTotal);
    out.warnings.push_back(buf);
  }
  return out;
}

}  // namespace h4h
