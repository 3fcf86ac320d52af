#include "hw/npu_memory.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "hw/npu_blocks.h"
#include "hw/vector_ops.h"

namespace h4h {

namespace {

/// Ethos-U's per-output-channel record: 40-bit bias, 32-bit scale, 6-bit shift, padded
/// to 80 bits (Vela weight_compressor.py, encode_bias).
constexpr std::int64_t kScaleBiasBytesPerChannel = 10;

bool hasWeights(const Layer& layer) {
  return !isVectorLayer(layer) && !layer.activationOperands && layer.weightBytes > 0;
}

/// The feature maps of a chain network: tensor t is layer t's output; the network
/// input is read by layer 0 (and by adds with residualSource -1).
class FeatureMaps {
public:
  explicit FeatureMaps(const std::vector<Layer>& layers) : m_layers(layers) {
    const std::size_t n = layers.size();
    m_lastReader.resize(n);
    for (std::size_t t = 0; t < n; ++t) m_lastReader[t] = static_cast<int>(std::min(t + 1, n - 1));
    // First the residuals kept across layers as a difference array, then live bytes.
    m_live.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Layer& l = layers[i];
      if (l.kind != LayerKind::Add || l.residualSource < -1) continue;
      const int source = l.residualSource;
      if (source < 0) {
        m_inputLastReader = static_cast<int>(i);
      } else if (static_cast<std::size_t>(source) < n) {
        m_lastReader[source] = std::max(m_lastReader[source], static_cast<int>(i));
        m_residualSource.resize(n, false);
        m_residualSource[source] = true;
      }
      // Held from after its first reader up to the add, which counts it in its inBytes.
      const std::size_t from = static_cast<std::size_t>(source + 2);
      if (from < i) {
        m_live[from] += bytes(source);
        m_live[i] -= bytes(source);
      }
    }
    std::int64_t held = 0;
    for (std::size_t i = 0; i < n; ++i) {
      held += m_live[i];
      m_live[i] = held + layers[i].inBytes + layers[i].outBytes;
      m_peak = std::max(m_peak, m_live[i]);
    }
  }

  std::size_t size() const { return m_layers.size(); }
  /// Bytes of tensor t (-1: the network input).
  std::int64_t bytes(int t) const {
    return t < 0 ? (m_layers.empty() ? 0 : m_layers.front().inBytes) : m_layers[t].outBytes;
  }
  int lastReader(int t) const { return t < 0 ? m_inputLastReader : m_lastReader[t]; }
  /// Tensor t is also read by a residual add (so it has two readers).
  bool isResidualSource(int t) const {
    return t >= 0 && static_cast<std::size_t>(t) < m_residualSource.size() && m_residualSource[t];
  }
  /// The most feature-map bytes alive while one layer runs.
  std::int64_t peakLive() const { return m_peak; }
  /// Largest live bytes over tensor t's life.
  std::int64_t peakOver(int t) const {
    std::int64_t peak = 0;
    for (int i = std::max(t, 0); i <= lastReader(t); ++i) peak = std::max(peak, m_live[i]);
    return peak;
  }

private:
  const std::vector<Layer>& m_layers;
  std::vector<int> m_lastReader;
  std::vector<std::int64_t> m_live;  // per layer (one spare entry for the difference array)
  std::vector<bool> m_residualSource;
  std::int64_t m_peak = 0;
  int m_inputLastReader = 0;
};

/// Levels of every tensor (index t + 1; 0 is the network input) when feature maps are
/// meant to live in SRAM of `capacity` bytes: a tensor whose life meets a layer with
/// more live bytes than that goes to DRAM.
std::vector<MemLevel> sramFeatureMaps(const FeatureMaps& maps, std::int64_t capacity,
                                      int& spilled) {
  std::vector<MemLevel> level(maps.size() + 1, MemLevel::Sram);
  if (maps.peakLive() <= capacity) return level;
  for (int t = -1; t < static_cast<int>(maps.size()); ++t) {
    if (maps.peakOver(t) <= capacity) continue;
    level[t + 1] = MemLevel::Dram;
    ++spilled;
  }
  return level;
}

/// Vela's dedicated-SRAM placement (see the header): cascades, then the cache.
std::vector<MemLevel> cachedFeatureMaps(const std::vector<Layer>& layers, const FeatureMaps& maps,
                                        std::int64_t cache, std::vector<std::int64_t>& use) {
  const int n = static_cast<int>(layers.size());
  std::vector<MemLevel> level(n + 1, MemLevel::Dram);
  std::vector<bool> inCascade(n, false);
  use.assign(n, 0);
  auto cascadable = [&](const Layer& l) {
    return (!isVectorLayer(l) || l.kind == LayerKind::Pool) && !l.activationOperands && l.out.h > 1;
  };
  auto rolling = [&](int t) {  // rows for one OFM micro-block row of the consumer, twice
    const Layer& consumer = layers[t + 1];
    const std::int64_t rows = 2 * (consumer.stride + consumer.kernel);
    const std::int64_t bytesPerRow = layers[t].outBytes / std::max<std::int64_t>(layers[t].out.h, 1);
    return std::min(layers[t].outBytes, rows * bytesPerRow);
  };
  for (int i = 0; i < n;) {
    // Extend while the next layer does not fit the cache whole and the cascade's
    // rolling buffers still do.
    int end = i;
    std::int64_t buffers = 0;
    while (cascadable(layers[end]) && end + 1 < n && maps.lastReader(end) == end + 1 &&
           !maps.isResidualSource(end) && cascadable(layers[end + 1]) &&
           layers[end + 1].inBytes + layers[end + 1].outBytes >= cache &&
           buffers + rolling(end) <= cache) {
      buffers += rolling(end);
      ++end;
    }
    for (int t = i; t < end; ++t) {
      use[t] += rolling(t);
      use[t + 1] += rolling(t);
      level[t + 1] = MemLevel::Sram;
    }
    for (int t = i; t <= end && end > i; ++t) inCascade[t] = true;
    i = end + 1;
  }
  std::vector<int> candidates;
  for (int t = 0; t + 1 < n; ++t)
    if (!inCascade[t]) candidates.push_back(t);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](int a, int b) { return maps.bytes(a) < maps.bytes(b); });
  for (int t : candidates) {
    const std::int64_t size = maps.bytes(t);
    bool fits = true;
    for (int i = t; i <= maps.lastReader(t) && fits; ++i) fits = use[i] + size <= cache;
    if (!fits) continue;
    for (int i = t; i <= maps.lastReader(t); ++i) use[i] += size;
    level[t + 1] = MemLevel::Sram;
  }
  return level;
}

std::string megabytes(std::int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f MB", static_cast<double>(bytes) * 1e-6);
  return buf;
}

}  // namespace

std::int64_t npuWeightStreamBytes(const Layer& layer) {
  if (!hasWeights(layer)) return 0;
  return layer.weightBytes + kScaleBiasBytesPerChannel * std::max<std::int64_t>(layer.out.c, 1);
}

std::string NpuMemorySummary::warning() const {
  if (fits()) return "";
  std::string text = std::string(memoryModeName(mode)) + ": ";
  if (weightsOverflowBytes > 0)
    text += "weights " + megabytes(weightBytes) + " + peak feature maps " +
            megabytes(peakFeatureMapBytes) + " = " + megabytes(requiredBytes) +
            " exceed sram_bytes " + megabytes(onChipBytes) + "; " +
            megabytes(weightsOverflowBytes) + " of weights are costed as streamed from DRAM";
  if (spilledFeatureMaps > 0)
    text += std::string(weightsOverflowBytes > 0 ? "; " : "") + "peak feature maps " +
            megabytes(peakFeatureMapBytes) + " exceed sram_bytes " + megabytes(onChipBytes) +
            "; " + std::to_string(spilledFeatureMaps) +
            " feature maps are costed as written to and read from DRAM";
  return text;
}

NpuMemoryPlan planNpuMemory(const std::vector<Layer>& layers, const NpuConfig& config) {
  NpuMemoryPlan plan;
  NpuMemorySummary& s = plan.summary;
  s.mode = config.memoryMode;
  const std::size_t n = layers.size();
  plan.placements.resize(n);
  if (n == 0) return plan;
  const FeatureMaps maps(layers);
  s.peakFeatureMapBytes = maps.peakLive();

  const bool dedicated = config.memoryMode == NpuMemoryMode::DedicatedSram;
  s.onChipBytes = dedicated ? config.sramCacheBytes : config.sramBytes;
  std::vector<std::int64_t> cacheUse;
  const std::vector<MemLevel> level =
      dedicated ? cachedFeatureMaps(layers, maps, config.sramCacheBytes, cacheUse)
                : sramFeatureMaps(maps, config.sramBytes, s.spilledFeatureMaps);

  std::optional<OfmBlockTable> blocks;  // dedicated_sram sizes weight buffers by OFM block
  if (dedicated) blocks.emplace(config.blockBufferBytes);
  // sram_only: weights resident in what the peak feature maps leave, in layer order.
  std::int64_t weightRoom = std::max<std::int64_t>(config.sramBytes - s.peakFeatureMapBytes, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const Layer& l = layers[i];
    NpuPlacement& p = plan.placements[i];
    p.ifm = level[i];  // tensor i - 1
    p.ofm = level[i + 1];
    // A residual source outside `layers` (one layer costed on its own) reads from SRAM.
    const int source = l.residualSource;
    p.ifm2 = l.kind == LayerKind::Add && source >= -1 && source + 1 < static_cast<int>(level.size())
                 ? level[static_cast<std::size_t>(source + 1)]
                 : MemLevel::Sram;
    p.ifmIsNetworkInput = i == 0;
    const std::int64_t stream = npuWeightStreamBytes(l);
    s.weightBytes += stream;
    if (stream == 0) {
      p.weights = WeightPath::None;
    } else if (config.memoryMode == NpuMemoryMode::SramOnly) {
      p.weights = stream <= weightRoom ? WeightPath::Resident : WeightPath::Streamed;
      if (p.weights == WeightPath::Resident) weightRoom -= stream;
      else s.weightsOverflowBytes += stream;
    } else if (!dedicated) {
      p.weights = WeightPath::Streamed;
    } else {
      // A double buffer of two OFM-block-deep slices (or the whole weights, if smaller).
      const OfmBlocking b = blocks->blocking(l);
      const std::int64_t buffer =
          std::min(stream, 2 * ((stream + b.depthBlocks - 1) / b.depthBlocks));
      p.weights = buffer <= config.sramCacheBytes - cacheUse[i] ? WeightPath::Streamed
                                                                : WeightPath::Direct;
    }
  }
  s.requiredBytes = s.peakFeatureMapBytes +
                    (config.memoryMode == NpuMemoryMode::SramOnly ? s.weightBytes : 0);
  return plan;
}

}  // namespace h4h
