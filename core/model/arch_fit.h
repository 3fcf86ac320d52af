#pragma once
/// Whether an Arch fits the supernet of a SearchSpace: every width, depth, kernel,
/// expand ratio and MLP width within the space's largest choice, per-layer lists as
/// long as the depths, heads dividing the width. Looser than validateArch (an arch
/// need not pick listed values, e.g. the CNN-only restriction of a space whose ViT
/// depths exclude 0), strict enough that the supernet can run it. Torch-free.

#include <string>

#include "space/search_space.h"
#include "util/errors.h"

namespace h4h {

/// Appends one error per problem, paths prefixed with `path` ("arch").
void checkArchFits(const SearchSpace& space, const Arch& arch, ErrorList& errors,
                   const std::string& path = "arch");

/// Throws InputError listing every problem.
void requireArchFits(const SearchSpace& space, const Arch& arch);

}  // namespace h4h
