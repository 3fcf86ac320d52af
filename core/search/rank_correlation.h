#pragma once
/// Rank correlations between two paired samples: how well a proxy orders candidates
/// as the quantity it stands in for does (docs/studies.md, the accuracy proxy).

#include <vector>

namespace h4h {

/// Spearman's ρ: Pearson's correlation of the ranks, ties given their average rank.
/// NaN when the samples differ in size, hold fewer than 2 pairs, or one is constant.
double spearmanRho(const std::vector<double>& x, const std::vector<double>& y);

/// Kendall's τ-b: (concordant − discordant) / √((n0 − ties in x)(n0 − ties in y)),
/// n0 = n(n−1)/2 pairs. NaN in the same cases as spearmanRho.
double kendallTauB(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace h4h
