#pragma once
/// NPU<->CIM hand-off through the memory system (DESIGN §4, docs/hardware_model.md
/// §Link): the producer writes the tensor to a shared buffer at the link's level (SRAM
/// or DRAM) and the consumer reads it back over a DMA path. A transfer of b bytes costs
///   latency = DMA set-up + the level's access latency + b / min(DMA, share · level) bandwidth
///   energy  = b · (level write + level read + interconnect) per byte.
/// Nothing to move costs nothing.

#include <cstdint>

#include "hw/hardware_config.h"
#include "hw/layer_profile.h"
#include "hw/memory_level.h"

namespace h4h {

class LinkModel {
public:
  /// `npu` gives the memory system the link goes through.
  LinkModel(const LinkConfig& config, const NpuConfig& npu);

  TransferCost transfer(std::int64_t bytes) const {
    TransferCost t;
    if (bytes <= 0) return t;
    t.latencyNs = m_fixedNs + static_cast<double>(bytes) / m_bytesPerNs;
    t.energyNj = static_cast<double>(bytes) * m_njPerByte;
    return t;
  }
  const LinkConfig& config() const { return m_config; }
  /// The level the hand-off goes through.
  const MemoryLevelCost& level() const { return m_level; }
  double bytesPerNs() const { return m_bytesPerNs; }

private:
  LinkConfig m_config;
  MemoryLevelCost m_level;
  double m_fixedNs;
  double m_bytesPerNs;
  double m_njPerByte;
};

}  // namespace h4h
