#pragma once
// Reference networks the hardware tests and the profiling benchmark cost, read from the
// bundled network files (resources/networks/, hw/reference_networks.h) so the tests,
// the benchmark and `h4h profile --network` cost the same network.
#include <vector>

#include "graph/layer.h"
#include "hw/reference_networks.h"

namespace h4h::test {

/// MobileNetV2-1.0 at 224 (Sandler et al., CVPR 2018, Table 2), lowered by the graph module.
inline std::vector<Layer> mobileNetV2Layers() { return referenceNetworkLayers("mobilenet_v2"); }

}  // namespace h4h::test
