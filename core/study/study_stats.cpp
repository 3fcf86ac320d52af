#include "study/study_stats.h"

#include <cmath>

namespace h4h {

double tQuantile95(int df) {
  // t_{0.975, df}, e.g. from any statistics table; beyond 30 the normal limit is close.
  static const double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                  2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                  2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return std::nan("");
  if (df <= 30) return kTable[df - 1];
  if (df <= 60) return 2.000 + (2.042 - 2.000) * (60.0 - df) / 30.0;
  return 1.960 + (2.000 - 1.960) * 60.0 / df;
}

SampleSummary summarise(const std::vector<double>& values) {
  SampleSummary s;
  double sum = 0.0;
  for (double v : values)
    if (!std::isnan(v)) {
      sum += v;
      ++s.n;
    }
  const double nan = std::nan("");
  s.mean = s.n > 0 ? sum / s.n : nan;
  s.sd = s.ciLow = s.ciHigh = nan;
  if (s.n < 2) return s;
  double squares = 0.0;
  for (double v : values)
    if (!std::isnan(v)) squares += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(squares / (s.n - 1));
  const double half = tQuantile95(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
  s.ciLow = s.mean - half;
  s.ciHigh = s.mean + half;
  return s;
}

}  // namespace h4h
