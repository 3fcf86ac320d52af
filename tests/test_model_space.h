#pragma once
// The small hybrid spaces the model tests build supernets of (test_model,
// test_export_python).
#include "space/search_space.h"

namespace h4h::test {

/// Small hybrid space exercising every feature: expand 1, SE, kernels up to 7, ViT
/// depth 0..2 with several heads and ratios, head conv and feature layer.
inline SearchSpace tinyModelSpace() {
  SearchSpace sp;
  sp.inputChannels = 3;
  sp.classes = 5;
  sp.trainResolutions = {16, 20};
  sp.deployResolution = 16;
  sp.activation = "swish";
  sp.stem = {{8, 12}, 3, 2};
  StageSpace a;
  a.stride = 1;
  a.widths = {8, 12};
  a.mbDepths = {1, 2};
  a.kernels = {3, 5};
  a.expands = {1, 3};
  StageSpace b;
  b.stride = 2;
  b.widths = {16, 24};
  b.mbDepths = {1, 2};
  b.kernels = {3, 5, 7};
  b.expands = {2, 4};
  b.se = true;
  b.vitDepths = {0, 1, 2};
  b.heads = {2, 4};
  b.mlpRatios = {1.0, 1.5};
  StageSpace c;
  c.stride = 2;
  c.widths = {24, 32};
  c.mbDepths = {1};
  c.kernels = {3};
  c.expands = {3};
  c.se = true;
  c.vitDepths = {1, 2};
  c.heads = {2, 4, 8};
  c.mlpRatios = {0.5, 2.0};
  sp.stages = {a, b, c};
  sp.head.convWidths = {32, 48};
  sp.head.featureWidths = {24};
  return sp;
}

/// Variant: relu6, head conv width = 2 x last width, no feature layer.
inline SearchSpace tinyModelSpaceRelu6() {
  SearchSpace sp = tinyModelSpace();
  sp.activation = "relu6";
  sp.head.convWidths.clear();
  sp.head.convExpand = 2;
  sp.head.featureWidths.clear();
  return sp;
}

}  // namespace h4h::test
