#pragma once
/// NPU<->CIM link (DESIGN §4): a transfer of b bytes costs
/// latency = latency_ns_per_transfer + b / bandwidth_gbs (ns) and energy = b · pJ/byte.
/// Nothing to move costs nothing.

#include <cstdint>

#include "hw/hardware_config.h"
#include "hw/layer_profile.h"

namespace h4h {

class LinkModel {
public:
  explicit LinkModel(const LinkConfig& config) : m_config(config) {}

  TransferCost transfer(std::int64_t bytes) const {
    TransferCost t;
    if (bytes <= 0) return t;
    t.latencyNs = m_config.latencyNsPerTransfer + static_cast<double>(bytes) / m_config.bandwidthGBs;
    t.energyNj = static_cast<double>(bytes) * m_config.energyPjPerByte * 1e-3;
    return t;
  }
  const LinkConfig& config() const { return m_config; }

private:
  LinkConfig m_config;
};

}  // namespace h4h
