#pragma once
/// SCALE-Sim topology files as hardware layers, so networks already described that
/// way can be profiled (`h4h profile --topology FILE.csv`). Two forms, told apart by
/// the header:
///   conv: Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width,
///         Channels, Num Filter, Strides[, Groups]
///         No padding: out = (IFMAP − Filter) / Stride + 1 (rounded down).
///         Groups (optional ninth column, named so in the header; default 1) splits
///         Channels and Num Filter into that many independent groups and must divide
///         both; Groups = Channels (usually = Num Filter) is a depthwise conv.
///         A row without a Groups value whose name contains "DP" is depthwise as in
///         SCALE-Sim: each of the Channels is its own group with Num Filter filters.
///         A ninth column not named Groups (or a ninth field under an eight-column
///         header) is the stride along the width; a header may name both, in either
///         order (…, Strides, Stride width, Groups).
///   gemm: Layer, M, N, K   — an (M×K)·(K×N) product.
/// Trailing commas (SCALE-Sim writes them) and blank lines are allowed. Bytes are
/// int8 (one byte per element and weight, no bias).

#include <string>
#include <vector>

#include "graph/layer.h"

namespace h4h {

/// Throws InputError listing every problem as `source:line: problem (value)`; a bad
/// Groups names its column: `t.csv:3: Groups (column 9): must divide ... (5)`.
std::vector<Layer> parseScaleSimTopology(const std::string& text, const std::string& sourceName);
std::vector<Layer> loadScaleSimTopology(const std::string& path);

}  // namespace h4h
