#pragma once
/// SCALE-Sim topology files as hardware layers, so networks already described that
/// way can be profiled (`h4h profile --topology FILE.csv`). Two forms, told apart by
/// the header:
///   conv: Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width,
///         Channels, Num Filter, Strides[, Stride width]
///         No padding: out = (IFMAP − Filter) / Stride + 1 (rounded down). A name
///         containing "DP" is depthwise as in SCALE-Sim: each of the Channels is its
///         own group with Num Filter filters.
///   gemm: Layer, M, N, K   — an (M×K)·(K×N) product.
/// Trailing commas (SCALE-Sim writes them) and blank lines are allowed. Bytes are
/// int8 (one byte per element and weight, no bias).

#include <string>
#include <vector>

#include "graph/layer.h"

namespace h4h {

/// Throws InputError listing every problem as `source:line: problem (value)`.
std::vector<Layer> parseScaleSimTopology(const std::string& text, const std::string& sourceName);
std::vector<Layer> loadScaleSimTopology(const std::string& path);

}  // namespace h4h
