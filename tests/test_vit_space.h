#pragma once
// A one-stage space holding a single ViT block, for tests of how transformer layers
// are lowered and costed.
#include "space/search_space.h"

namespace h4h::test {

/// Stem 3x3/1 to 16 channels at 56 px, then one stage of `width` channels: one MBConv
/// (k3, e1) and one ViT block with `heads` heads and MLP ratio `ratio`.
inline SearchSpace oneVitStageSpace(int width, int heads, double ratio) {
  SearchSpace sp;
  sp.inputChannels = 3;
  sp.classes = 10;
  sp.trainResolutions = {56};
  sp.deployResolution = 56;
  sp.stem = {{16}, 3, 1};
  StageSpace s;
  s.stride = 1;
  s.widths = {width};
  s.mbDepths = {1};
  s.kernels = {3};
  s.expands = {1};
  s.vitDepths = {1};
  s.heads = {heads};
  s.mlpRatios = {ratio};
  sp.stages.push_back(s);
  return sp;
}

}  // namespace h4h::test
