#pragma once
/// Compute cycles of GEMMs on a rows×cols systolic array: SCALE-Sim's fold equations
/// (docs/hardware_model.md §NPU). Header-only so the profiler's hot path inlines it.
///
/// A GEMM (M×K)·(K×N) maps to spatial rows S_R, spatial cols S_C and time T:
///   OS: S_R = M, S_C = N, T = K;   WS: S_R = K, S_C = N, T = M.
/// It runs in ⌈S_R/R⌉·⌈S_C/C⌉ folds, one after the other; a fold using r rows and c
/// columns takes  OS: r + c + T − 2  and  WS: r + R + c + T − 2  cycles (r cycles to
/// load weights, partial sums cross all R rows). Summed over the folds:
///   OS: nC·S_R + nR·S_C + nR·nC·(T − 2)
///   WS: nC·S_R + nR·S_C + nR·nC·(R + T − 2)
/// Full folds cost exactly SCALE-Sim's R + C + T − 2 (OS) and 2R + C + T − 2 (WS).

#include <algorithm>
#include <cstdint>

#include "graph/layer.h"
#include "hw/hardware_config.h"

namespace h4h {

inline std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// Cycles of one dense GEMM; 0 when any dimension is 0.
inline std::int64_t systolicGemmCycles(Dataflow dataflow, std::int64_t rows, std::int64_t cols,
                                       std::int64_t m, std::int64_t k, std::int64_t n) {
  if (m <= 0 || k <= 0 || n <= 0) return 0;
  const bool os = dataflow == Dataflow::OutputStationary;
  const std::int64_t sr = os ? m : k;
  const std::int64_t sc = n;
  const std::int64_t t = os ? k : m;
  const std::int64_t nr = ceilDiv(sr, rows);
  const std::int64_t nc = ceilDiv(sc, cols);
  return nc * sr + nr * sc + nr * nc * (t - 2 + (os ? 0 : rows));
}

/// Cycles of a grouped GEMM run in packs of `p` groups, each pack being the dense
/// block-diagonal GEMM (M, p·K, p·N); the last pack holds the remaining groups.
inline std::int64_t packedCycles(Dataflow dataflow, std::int64_t rows, std::int64_t cols,
                                 const GemmView& g, std::int64_t p) {
  const std::int64_t packs = g.groups / p;
  const std::int64_t rest = g.groups % p;
  std::int64_t cycles = packs * systolicGemmCycles(dataflow, rows, cols, g.m, p * g.k, p * g.n);
  if (rest > 0) cycles += systolicGemmCycles(dataflow, rows, cols, g.m, rest * g.k, rest * g.n);
  return cycles;
}

/// How many groups of a grouped GEMM the mapper puts side by side (block-diagonally)
/// in one fold: OS can pack along the columns (p·N ≤ C, reductions concatenated in
/// time), WS along rows and columns (p·K ≤ R, p·N ≤ C). The mapper takes the most
/// groups that fit, unless running them one by one is faster (OS on very few rows,
/// where the longer column skew of a pack outweighs the fills it saves).
inline std::int64_t groupsPerFold(Dataflow dataflow, std::int64_t rows, std::int64_t cols,
                                  const GemmView& g) {
  if (g.groups <= 1 || g.n > cols) return 1;
  std::int64_t p = std::min(g.groups, cols / g.n);
  if (dataflow == Dataflow::WeightStationary) {
    if (g.k > rows) return 1;
    p = std::min(p, rows / g.k);
  }
  if (p <= 1) return 1;
  return packedCycles(dataflow, rows, cols, g, p) <= packedCycles(dataflow, rows, cols, g, 1) ? p : 1;
}

/// Cycles of a (possibly grouped) GEMM as the mapper runs it (see groupsPerFold).
inline std::int64_t systolicCycles(Dataflow dataflow, std::int64_t rows, std::int64_t cols,
                                   const GemmView& g) {
  if (g.groups <= 1) return systolicGemmCycles(dataflow, rows, cols, g.m, g.k, g.n);
  return packedCycles(dataflow, rows, cols, g, groupsPerFold(dataflow, rows, cols, g));
}

}  // namespace h4h
