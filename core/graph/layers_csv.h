#pragma once
/// Text forms of a layer graph: the CSV that `h4h layers` prints and a totals line.

#include <string>
#include <vector>

#include "graph/layer.h"
#include "graph/layer_graph.h"

namespace h4h {

/// Header + one row per layer:
/// id,block,kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,gemm_m,gemm_k,gemm_n,
/// gemm_groups,macs,params,weight_bytes,in_bytes,out_bytes,act_operands,residual_source
/// (residual_source empty for layers that are not residual adds).
std::string layersCsv(const std::vector<Layer>& layers);

/// "layers 62, MACs 300774272 (300.77 M), params 3504872 (3.50 M), weight bytes ..."
std::string totalsLine(const GraphTotals& totals);

/// 300774272 -> "300.77 M" (k, M, G suffixes, two decimals).
std::string humanCount(std::int64_t value);

}  // namespace h4h
