#pragma once
/// The `vit-ratio` study (issue 21, the seed's Figure 9): do hybrid archs (ViT blocks >
/// 0) win when a CIM takes convolution work off the NPU? The project's search runs on
/// NPU-only hardware and on the project's NPU+CIM hardware with the same budgets and
/// seeds; the study reports each front's ViT/MBConv block-ratio distribution (histogram,
/// median) and its share of hybrids. Accuracy is the project's signal: the trained
/// supernet where there is one, else a training-free proxy that every table and plot
/// names as such (AccuracySignal).

#include "hw/hardware_config.h"
#include "study/study.h"

namespace h4h {

/// Searches per system: at least this many seeds (a distribution needs several fronts).
constexpr int kVitRatioMinSeeds = 3;

/// The NPU-only control of `hw`: the same hardware without CIM macros (macros = 0).
HardwareConfig npuOnlyVariant(HardwareConfig hw);

}  // namespace h4h
