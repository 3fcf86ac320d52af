#include "hw/profiler.h"

#include "hw/cim_model.h"
#include "hw/link_model.h"
#include "hw/npu_memory.h"
#include "hw/npu_model.h"

namespace h4h {

void profileNetworkInto(const std::vector<Layer>& layers, const HardwareConfig& hw,
                        const MeasuredTable* measured, NetworkProfile& out) {
  const NpuModel npu(hw.npu);
  const CimModel cim(hw.cim, hw.npu);
  const LinkModel link(hw.link, hw.npu);
  const NpuMemoryPlan plan = planNpuMemory(layers, hw.npu);
  out.resize(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    LayerProfile& p = out[i];
    p.layerId = layer.id;
    p.npu = npu.cost(layer, plan.placements[i]);
    p.cim = cim.cost(layer);
    p.outputTransfer = link.transfer(layer.outBytes);
    p.cimWeightWrite = cim.weightReload(layer.activationOperands ? 0 : layer.weightBytes);
    p.outBytes = layer.outBytes;
    p.weightBytes = layer.weightBytes;
  }
  if (measured) measured->apply(layers, hw, out);
}

NetworkProfile profileNetwork(const std::vector<Layer>& layers, const HardwareConfig& hw,
                              const MeasuredTable* measured) {
  NetworkProfile out;
  profileNetworkInto(layers, hw, measured, out);
  return out;
}

}  // namespace h4h
