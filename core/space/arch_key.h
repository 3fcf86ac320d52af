#pragma once
/// The canonical compact string of an Arch: stable across versions, used as the
/// accuracy-cache key, in project files and on the command line (docs/arch_key.md).
///
/// Grammar (no spaces; every arch has exactly one key):
///   key   = "r" INT "_s" INT { "_" stage } "_c" INT "_f" INT
///   stage = "w" INT ":" mb { "," mb } [ "/" vit { "," vit } ]
///   mb    = "k" INT "e" INT            one MBConv layer: kernel, expand ratio
///   vit   = "h" INT "m" NUM            one ViT layer: heads, MLP ratio
///   INT   = "0" | [1-9][0-9]*          at most 9 digits
///   NUM   = INT [ "." [0-9]*[1-9] ]    the shortest decimal that reads back to the
///                                      same double (2, 2.5, 0.75)
/// r = resolution, s = stem width, w = stage width, c = head-conv width (0: none),
/// f = feature width (0: none). Depths are the number of mb / vit entries; a stage
/// without ViT layers has no "/" part.
/// Example: r224_s16_w24:k3e1,k5e1_w64:k3e4/h8m1,h8m2_c384_f1792

#include <string>

#include "space/search_space.h"

namespace h4h {

std::string archKey(const Arch& arch);

/// Parses a key; throws InputError naming the position and what was expected when the
/// text is not a canonical key. parseArchKey(archKey(a)) == a for every arch with
/// positive widths, and archKey(parseArchKey(k)) == k for every accepted k.
Arch parseArchKey(const std::string& key);

/// The canonical NUM text of a non-negative double (shortest round-tripping decimal).
std::string canonicalNumber(double value);

}  // namespace h4h
