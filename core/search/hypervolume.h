#pragma once
/// Exact hypervolume of a set of points (all objectives minimised) with respect to a
/// reference point: the measure of the region dominated by the set and bounded by the
/// reference. Sweep for 2 objectives, slicing for 3 (O(n^2 log n)) and beyond
/// (exponential in the dimension, meant for small sets). Points that do not strictly
/// dominate the reference contribute nothing.

#include <vector>

namespace h4h {

double hypervolume(const std::vector<std::vector<double>>& points, const std::vector<double>& reference);

/// Hypervolume after mapping each objective to [0, 1] by (x - ideal) / (reference - ideal):
/// 1 means a point reaching the ideal in every objective. `ideal[i] < reference[i]` is required.
double normalisedHypervolume(const std::vector<std::vector<double>>& points,
                             const std::vector<double>& ideal, const std::vector<double>& reference);

}  // namespace h4h
