#include "search/pareto_csv.h"

#include <cstdio>

namespace h4h {

namespace {
const char* const kColumns[] = {"key",         "feasible",      "accuracy",
                                "latency_ms",  "energy_mj",     "period_ms",
                                "params_m",    "macs_m",        "mbconv_layers",
                                "vit_layers",  "vit_mbconv_ratio", "npu_layers",
                                "cim_layers",  "npu_only_latency_ms", "npu_only_energy_mj",
                                "latency_improvement", "energy_improvement", "error"};

std::string cell(const Json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_number_integer() || v.is_number_unsigned()) return std::to_string(v.get<long long>());
  if (v.is_number()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v.get<double>());
    return buf;
  }
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  }
  return {};
}
}  // namespace

std::string paretoCsv(const ParetoFront& pareto) {
  std::string out;
  for (const char* c : kColumns) out += std::string(out.empty() ? "" : ",") + c;
  out += "\n";
  for (const ParetoRecord& record : pareto) {
    // Cells are written as the file holds them (integers as integers, absent as empty).
    const Json row = record.toJson();
    bool first = true;
    for (const char* c : kColumns) {
      if (!first) out += ",";
      first = false;
      if (row.contains(c)) out += cell(row[c]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace h4h
