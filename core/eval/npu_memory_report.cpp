#include "eval/npu_memory_report.h"

#include <cstdio>

#include "hw/npu_model.h"

namespace h4h {

namespace {

/// MB as the capacity warning writes them; sizes under 0.1 MB in kB.
std::string megabytes(std::int64_t bytes) {
  char buf[32];
  const double b = static_cast<double>(bytes);
  if (bytes != 0 && b < 1e5) std::snprintf(buf, sizeof buf, "%.1f kB", b * 1e-3);
  else std::snprintf(buf, sizeof buf, "%.2f MB", b * 1e-6);
  return buf;
}

std::string trafficText(const NpuDramTraffic& t) {
  return "DRAM " + megabytes(t.bytes) + " per frame (weights " + megabytes(t.weightBytes) + ")";
}

Json trafficJson(std::int64_t npuOnly, std::int64_t scheduled) {
  return Json{{"npu_only", npuOnly}, {"scheduled", scheduled}};
}

}  // namespace

NpuMemoryReport npuMemoryReport(const std::vector<Layer>& layers, const NpuConfig& npu,
                                const Assignment& assignment) {
  NpuMemoryReport report;
  const NpuMemoryPlan plan = planNpuMemory(layers, npu);
  report.capacity = plan.summary;
  const NpuModel model(npu);
  const bool assigned = assignment.feasible && assignment.device.size() == layers.size();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const NpuBreakdown b = model.breakdown(layers[i], plan.placements[i]);
    const std::int64_t bytes = b.dramBytes;
    const std::int64_t weightBytes = b.weightDramBytes;
    report.npuOnly.bytes += bytes;
    report.npuOnly.weightBytes += weightBytes;
    if (plan.placements[i].weights == WeightPath::Direct && weightBytes > 0) {
      ++report.unbufferedWeightLayers;
      report.unbufferedWeightDramBytes += weightBytes;
    }
    if (!assigned || assignment.device[i] == Device::Npu) {
      report.scheduled.bytes += bytes;
      report.scheduled.weightBytes += weightBytes;
    }
  }
  return report;
}

std::string NpuMemoryReport::warning() const {
  std::string text = capacity.warning();
  if (unbufferedWeightLayers > 0)
    text += (text.empty() ? std::string(memoryModeName(capacity.mode)) + ": " : std::string("; ")) +
            "the weights of " + std::to_string(unbufferedWeightLayers) +
            (unbufferedWeightLayers == 1 ? " layer find" : " layers find") +
            " no room for a double buffer beside the feature maps in the " + megabytes(capacity.onChipBytes) +
            " cache and are read from DRAM once per OFM block (" + megabytes(unbufferedWeightDramBytes) +
            " per frame)";
  return text;
}

std::string npuMemoryText(const NpuMemoryReport& r) {
  const NpuMemorySummary& c = r.capacity;
  const bool cache = c.mode == NpuMemoryMode::DedicatedSram;
  std::string text = std::string(memoryModeName(c.mode)) + " (" + (cache ? "SRAM cache " : "SRAM ") +
                     megabytes(c.onChipBytes) + ", weights " + megabytes(c.weightBytes) +
                     ", peak feature maps " + megabytes(c.peakFeatureMapBytes) + "): " +
                     trafficText(r.npuOnly) + " with every layer on the NPU";
  if (!(r.scheduled == r.npuOnly))
    text += "; " + trafficText(r.scheduled) + " with the schedule's NPU layers";
  return text;
}

Json npuMemoryReportToJson(const NpuMemoryReport& r) {
  const NpuMemorySummary& c = r.capacity;
  return Json{{"memory_mode", memoryModeName(c.mode)},
              {"on_chip_bytes", c.onChipBytes},
              {"weight_bytes", c.weightBytes},
              {"peak_feature_map_bytes", c.peakFeatureMapBytes},
              {"required_bytes", c.requiredBytes},
              {"fits", c.fits()},
              {"weights_overflow_bytes", c.weightsOverflowBytes},
              {"spilled_feature_maps", c.spilledFeatureMaps},
              {"unbuffered_weight_layers", r.unbufferedWeightLayers},
              {"unbuffered_weight_dram_bytes", r.unbufferedWeightDramBytes},
              {"dram_bytes_per_frame", trafficJson(r.npuOnly.bytes, r.scheduled.bytes)},
              {"weight_dram_bytes_per_frame", trafficJson(r.npuOnly.weightBytes, r.scheduled.weightBytes)},
              {"warning", r.warning()}};
}

}  // namespace h4h
