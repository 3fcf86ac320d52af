#include "hw/link_model.h"

#include <algorithm>

namespace h4h {

LinkModel::LinkModel(const LinkConfig& config, const NpuConfig& npu)
    : m_config(config),
      m_level(memoryLevelCost(npu, config.level)),
      m_fixedNs(config.latencyNsPerTransfer + m_level.latencyNs),
      // Approximation: while both move data the NPU keeps the rest of the level's
      // bandwidth; a transfer never gets more than its share.
      m_bytesPerNs(std::min(config.bandwidthGBs, config.bandwidthShare * m_level.bandwidthGBs)),
      m_njPerByte((m_level.writePjPerByte + m_level.readPjPerByte + config.energyPjPerByte) *
                  1e-3) {}

}  // namespace h4h
