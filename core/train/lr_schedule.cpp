#include "train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace h4h {

double cosineWarmupLr(double base, std::int64_t step, std::int64_t warmupSteps,
                      std::int64_t totalSteps) {
  step = std::max<std::int64_t>(step, 0);
  warmupSteps = std::clamp<std::int64_t>(warmupSteps, 0, totalSteps);
  if (step < warmupSteps) return base * static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
  const std::int64_t decay = totalSteps - warmupSteps;
  if (decay <= 0) return base;
  const double t = std::min(1.0, static_cast<double>(step - warmupSteps) / static_cast<double>(decay));
  return base * 0.5 * (1.0 + std::cos(M_PI * t));
}

}  // namespace h4h
