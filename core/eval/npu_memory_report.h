#pragma once
/// The NPU memory figures a hardware engineer reads beside a schedule: the memory mode
/// and whether the network fits it (hw/npu_memory.h's capacity summary), and the DRAM
/// traffic per frame, weights apart, both with every layer on the NPU and with the
/// layers a schedule keeps there (docs/hardware_model.md §Memory modes). Computed here
/// once; `h4h schedule`, the run report and the Schedule tab only format it.

#include <cstdint>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/npu_memory.h"
#include "sched/assign.h"
#include "util/json_fields.h"

namespace h4h {

/// Bytes read and written at DRAM in one frame by NPU layers.
struct NpuDramTraffic {
  std::int64_t bytes = 0;        ///< feature maps placed in DRAM and weights read from it
  std::int64_t weightBytes = 0;  ///< of which weights (with their scale/bias records)

  bool operator==(const NpuDramTraffic& o) const { return bytes == o.bytes && weightBytes == o.weightBytes; }
};

struct NpuMemoryReport {
  NpuMemorySummary capacity;  ///< mode, weights, peak feature maps, fits() and warning()
  NpuDramTraffic npuOnly;     ///< every layer on the NPU (the NPU-only baseline)
  NpuDramTraffic scheduled;   ///< only the layers the assignment keeps on the NPU
  /// dedicated_sram: layers whose weights find no room for a double buffer in the cache
  /// beside the feature maps, so they are read from DRAM once per OFM block.
  int unbufferedWeightLayers = 0;
  std::int64_t unbufferedWeightDramBytes = 0;  ///< their weight traffic per frame

  /// What a user must know about the memory not holding what it should: the capacity
  /// warning and the unbuffered weights; "" when neither applies.
  std::string warning() const;
};

/// The report of `layers` on `npu`, with the memory plan every layer on the NPU gets
/// (the profiler's: layers moved to the CIM keep their neighbours' placement) and
/// `assignment`'s NPU layers (all of them when the assignment is empty or infeasible).
NpuMemoryReport npuMemoryReport(const std::vector<Layer>& layers, const NpuConfig& npu,
                                const Assignment& assignment);

/// One line for a user: "shared_sram, 2.00 MiB SRAM: DRAM 7.41 MB per frame of which
/// weights 7.38 MB (NPU only); 5.02 MB of which weights 4.99 MB with the schedule's
/// NPU layers". The warning (NpuMemoryReport::warning) is not part of it.
std::string npuMemoryText(const NpuMemoryReport& report);

/// {"memory_mode", "on_chip_bytes", "weight_bytes", "peak_feature_map_bytes",
///  "required_bytes", "fits", "weights_overflow_bytes", "spilled_feature_maps",
///  "unbuffered_weight_layers", "unbuffered_weight_dram_bytes",
///  "dram_bytes_per_frame": {"npu_only", "scheduled"},
///  "weight_dram_bytes_per_frame": {"npu_only", "scheduled"}, "warning"}
Json npuMemoryReportToJson(const NpuMemoryReport& report);

}  // namespace h4h
