#include "graph/layers_csv.h"

#include <cstdio>

namespace h4h {

std::string layersCsv(const std::vector<Layer>& layers) {
  std::string out =
      "id,block,kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,gemm_m,gemm_k,gemm_n,"
      "gemm_groups,macs,params,weight_bytes,in_bytes,out_bytes,act_operands,residual_source\n";
  auto field = [&out](long long v) { out += std::to_string(v) + ','; };
  for (const Layer& l : layers) {
    field(l.id);
    out += l.block + ',' + layerKindName(l.kind) + ',';
    for (long long v : {l.in.c, l.in.h, l.in.w, l.out.c, l.out.h, l.out.w}) field(v);
    field(l.kernel);
    field(l.stride);
    for (long long v : {l.gemm.m, l.gemm.k, l.gemm.n, l.gemm.groups}) field(v);
    for (long long v : {l.macs, l.params, l.weightBytes, l.inBytes, l.outBytes}) field(v);
    out += l.activationOperands ? "1," : "0,";
    if (l.residualSource != -2) out += std::to_string(l.residualSource);
    out += '\n';
  }
  return out;
}

std::string humanCount(std::int64_t value) {
  const double v = static_cast<double>(value);
  char buf[64];
  if (value >= 1000000000LL) std::snprintf(buf, sizeof buf, "%.2f G", v / 1e9);
  else if (value >= 1000000LL) std::snprintf(buf, sizeof buf, "%.2f M", v / 1e6);
  else if (value >= 1000LL) std::snprintf(buf, sizeof buf, "%.2f k", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(value));
  return buf;
}

std::string totalsLine(const GraphTotals& t) {
  auto part = [](const char* name, std::int64_t v) {
    return std::string(name) + " " + std::to_string(v) + " (" + humanCount(v) + ")";
  };
  return "layers " + std::to_string(t.layers) + ", " + part("MACs", t.macs) + ", " +
         part("params", t.params) + ", " + part("weight bytes", t.weightBytes) + ", " +
         part("peak activation bytes", t.peakActivationBytes);
}

}  // namespace h4h
