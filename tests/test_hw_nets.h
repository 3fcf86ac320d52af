#pragma once
// Reference networks the hardware tests and the profiling benchmark cost: MobileNetV2-1.0
// (Sandler et al., CVPR 2018, Table 2) written as an arch of a CNN-only space, so the
// graph module's lowering counts its MACs and bytes.
#include <vector>

#include "graph/layer_graph.h"
#include "space/search_space.h"

namespace h4h::test {

/// MobileNetV2-1.0: stem 3x3/2 to 32; bottlenecks (t, c, n, s) = (1,16,1,1),
/// (6,24,2,2), (6,32,3,2), (6,64,4,2), (6,96,3,1), (6,160,3,2), (6,320,1,1); 1x1 conv
/// to 1280, pool, classifier to 1000.
inline void mobileNetV2(SearchSpace& space, Arch& arch) {
  space = SearchSpace{};
  space.inputChannels = 3;
  space.classes = 1000;
  space.deployResolution = 224;
  space.activation = "relu6";
  space.stem.widths = {32};
  space.stem.kernel = 3;
  space.stem.stride = 2;
  space.head.convWidths = {1280};
  arch = Arch{};
  arch.resolution = 224;
  arch.stemWidth = 32;
  arch.headWidth = 1280;
  struct Row { int t, c, n, s; };
  const Row rows[] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                      {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  for (const Row& r : rows) {
    StageSpace s;
    s.name = "b" + std::to_string(r.c);
    s.stride = r.s;
    s.widths = {r.c};
    s.mbDepths = {r.n};
    s.kernels = {3};
    s.expands = {r.t};
    s.vitDepths = {0};
    space.stages.push_back(s);
    StageArch a;
    a.width = r.c;
    a.mbDepth = r.n;
    a.kernels.assign(static_cast<std::size_t>(r.n), 3);
    a.expands.assign(static_cast<std::size_t>(r.n), r.t);
    arch.stages.push_back(a);
  }
}

inline std::vector<Layer> mobileNetV2Layers() {
  SearchSpace space;
  Arch arch;
  mobileNetV2(space, arch);
  return lowerArch(space, arch);
}

}  // namespace h4h::test
