#pragma once
/// Operations on a SearchSpace and its archs (DESIGN §2, §7): seeded sampling, the
/// extreme archs, the CNN-only restriction, mutation and crossover for the
/// evolutionary search, and the size of the space. Every function here returns an
/// arch that validates against the space, given a valid space and valid input archs.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "space/search_space.h"

namespace h4h {

/// Product of the stem's and every stage's stride.
int totalStride(const SearchSpace& space);

/// Pre-pool head-conv widths an arch may pick when its last stage has `lastWidth`
/// channels: head.convWidths, or {convExpand * lastWidth} when the list is empty and
/// convExpand > 0, or {0} (no head conv).
std::vector<int> headWidthChoices(const SearchSpace& space, int lastWidth);
/// Post-pool feature widths an arch may pick: head.featureWidths, or {0} (none).
std::vector<int> featureWidthChoices(const SearchSpace& space);

/// A uniformly random value for every choice (depth first, then each layer's genes).
/// With cnnOnly every ViT depth is 0.
Arch sampleArch(const SearchSpace& space, std::mt19937_64& rng, bool cnnOnly = false);
/// The largest value of every choice (widths, depths, kernels, expands, heads, ratios,
/// resolution).
Arch maxArch(const SearchSpace& space);
/// The smallest value of every choice.
Arch minArch(const SearchSpace& space);

/// The same arch with every ViT depth set to 0.
Arch restrictCnnOnly(const Arch& arch);
/// The CNN-only subspace: every stage's ViT depth choices replaced by {0}. (When 0 is
/// not a choice of a stage, the result lies outside the original space.)
SearchSpace cnnOnlySpace(const SearchSpace& space);

/// Each gene (resolution, stem width, per stage width, depths and per-layer genes,
/// head widths) changes with probability perGeneProb to a different choice. A depth
/// that grows gets random genes for its new layers; one that shrinks drops the last
/// layers. With cnnOnly the ViT depths stay 0.
Arch mutateArch(const SearchSpace& space, const Arch& arch, double perGeneProb,
                std::mt19937_64& rng, bool cnnOnly = false);
/// Uniform crossover: each gene from either parent with probability 1/2. A child's
/// layer i takes its genes from a parent that has layer i, so depths and per-layer
/// genes stay consistent; derived genes (head conv width) are recomputed.
Arch crossoverArchs(const SearchSpace& space, const Arch& a, const Arch& b,
                    std::mt19937_64& rng);

/// How subnets meet the hardware, in words: "each subnet at its own resolution" or
/// "every subnet at 224 px (fixed)".
std::string deploymentDescription(const SearchSpace& space);

/// Number of distinct archs: stem widths × resolutions × per stage
/// (widths × Σ_depth (kernels·expands)^depth × Σ_vitDepth (heads·ratios)^vitDepth)
/// × head choices. Exact, as a decimal string.
std::string spaceSizeExact(const SearchSpace& space);
/// log10 of the same number (finite for any valid space).
double log10SpaceSize(const SearchSpace& space);
/// Per-stage factor of the size, exact, as a decimal string.
std::string stageSizeExact(const StageSpace& stage);

}  // namespace h4h
