#pragma once
/// Learning rate of one training phase: linear warm-up to the base rate, then a
/// half-cosine decay to zero at the phase's last step. Torch-free.

#include <cstdint>

namespace h4h {

/// Rate for step `step` (0-based) of a phase of `totalSteps` steps whose first
/// `warmupSteps` steps warm up: base·(step+1)/warmupSteps during warm-up, then
/// base·½(1 + cos(π·(step − warmup)/(total − warmup))).
double cosineWarmupLr(double base, std::int64_t step, std::int64_t warmupSteps,
                      std::int64_t totalSteps);

}  // namespace h4h
