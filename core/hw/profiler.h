#pragma once
/// The one entry point the scheduler and the search call: every layer's cost on the
/// NPU and on the CIM, and the cost of moving its output across the link. Built for
/// the search's inner loop: models are constructed once per call, the NPU's memory plan
/// is one pass over the layers (npu_memory.h), and each layer then costs a few dozen
/// arithmetic operations.

#include <vector>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"
#include "hw/measured_table.h"

namespace h4h {

/// Profiles `layers` (in order; profile[i] belongs to layers[i]). Layers matching a
/// row of `measured` take the measured cost instead of the model's.
NetworkProfile profileNetwork(const std::vector<Layer>& layers, const HardwareConfig& hw,
                              const MeasuredTable* measured = nullptr);

/// The same, writing into `out` (resized to layers.size()) so a caller profiling many
/// networks reuses one buffer.
void profileNetworkInto(const std::vector<Layer>& layers, const HardwareConfig& hw,
                        const MeasuredTable* measured, NetworkProfile& out);

}  // namespace h4h
