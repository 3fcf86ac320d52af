#pragma once
/// Summaries of a few per-seed values: mean, sample standard deviation and a 95 %
/// confidence interval of the mean from Student's t distribution. A paired comparison is
/// the summary of the per-seed differences (same seed, two recipes).

#include <vector>

namespace h4h {

struct SampleSummary {
  int n = 0;
  double mean = 0.0;
  double sd = 0.0;      ///< sample standard deviation (n - 1); NaN for n < 2
  double ciLow = 0.0;   ///< 95 % interval of the mean; NaN for n < 2
  double ciHigh = 0.0;
};

/// NaN values are skipped; an empty sample gives n = 0 and NaN everywhere.
SampleSummary summarise(const std::vector<double>& values);

/// The two-sided 95 % quantile of Student's t with `df` degrees of freedom (df >= 1).
double tQuantile95(int df);

}  // namespace h4h
