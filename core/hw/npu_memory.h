#pragma once
/// Where an Ethos-U-class NPU keeps each layer's feature maps and weights, decided once
/// for the whole network from the memory mode (docs/hardware_model.md §NPU memory
/// modes). The per-layer costs (npu_model.h) then charge each byte at its level.
///
/// - sram_only: feature maps and weights in SRAM. When weights + peak feature maps
///   exceed sram_bytes the network does not fit: the weights that do not fit stream
///   from DRAM (as in shared_sram) and the summary says so.
/// - shared_sram: feature maps in SRAM, every layer's weights streamed from DRAM each
///   frame through a double buffer in SRAM.
/// - dedicated_sram: feature maps and weights in DRAM, sram_cache_bytes of SRAM as the
///   NPU's cache, filled as Vela's scheduler fills it (scheduler.py,
///   cascade_builder.py): a layer whose input + output do not fit the cache runs in a
///   cascade with its producer, the tensor between them a rolling buffer of a few rows
///   in the cache; the output of a layer outside a cascade stays in the cache when it
///   fits there for its whole life; the network's input and output stay in DRAM.
///   Weights are double-buffered in the cache when the buffer fits beside the live
///   feature maps, and otherwise read from DRAM once per OFM block.
/// In every mode a feature map that does not fit the memory meant for it goes to DRAM.

#include <cstdint>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/hardware_config.h"

namespace h4h {

enum class MemLevel : std::uint8_t { Sram, Dram };

/// How a layer gets its weights (and its per-channel scale and bias records).
enum class WeightPath : std::uint8_t {
  None,      ///< no weights (vector layers, act×act matmuls)
  Resident,  ///< kept in SRAM across frames, read once per OFM block
  Streamed,  ///< DMA from DRAM into an SRAM double buffer every frame, overlapped with compute
  Direct     ///< read from DRAM once per OFM block (no room for a buffer)
};

/// Where one layer's operands live.
struct NpuPlacement {
  MemLevel ifm = MemLevel::Sram;
  MemLevel ifm2 = MemLevel::Sram;  ///< the residual operand of an add
  MemLevel ofm = MemLevel::Sram;
  WeightPath weights = WeightPath::Resident;
  /// The IFM is the network input, kept in the host's NHWC layout: its bursts are as
  /// long as one IFM block's channels (internal tensors use 16-channel bricks, full bursts).
  bool ifmIsNetworkInput = false;
};

/// What the network needs from the memory it is given: what a hardware engineer checks
/// first. `fits()` is false when the mode's on-chip memory cannot hold what it is meant
/// to; the costs then charge the overflow at DRAM (never as if it fitted).
struct NpuMemorySummary {
  NpuMemoryMode mode = NpuMemoryMode::SharedSram;
  std::int64_t onChipBytes = 0;          ///< sram_bytes, or sram_cache_bytes in dedicated_sram
  std::int64_t weightBytes = 0;          ///< all layers' weights with their scale/bias records
  std::int64_t peakFeatureMapBytes = 0;  ///< largest set of feature maps alive at once
  std::int64_t requiredBytes = 0;        ///< on-chip bytes the mode needs (sram_only: weights + peak)
  std::int64_t weightsOverflowBytes = 0; ///< sram_only: weights streamed because they did not fit
  int spilledFeatureMaps = 0;            ///< feature maps sent to DRAM for lack of room (not by the mode)

  bool fits() const { return weightsOverflowBytes == 0 && spilledFeatureMaps == 0; }
  /// One sentence for a user, e.g. "sram_only: weights 3.5 MB + peak feature maps 1.4 MB
  /// = 4.9 MB exceed sram_bytes 2.1 MB; 2.8 MB of weights are costed as streamed from
  /// DRAM"; "" when it fits.
  std::string warning() const;
};

struct NpuMemoryPlan {
  std::vector<NpuPlacement> placements;  ///< parallel to the layers
  NpuMemorySummary summary;
};

/// Bytes a layer's weights occupy in memory: the weights and, per output channel, the
/// 10-byte record of 40-bit bias, 32-bit scale and 6-bit shift that Ethos-U reads
/// beside them (Vela weight_compressor.py, encode_bias). 0 for layers without weights.
std::int64_t npuWeightStreamBytes(const Layer& layer);

/// Places every layer of `layers` (a chain; adds read `residualSource` too).
NpuMemoryPlan planNpuMemory(const std::vector<Layer>& layers, const NpuConfig& config);

}  // namespace h4h
