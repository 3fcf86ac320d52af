#pragma once
/// The Pareto archive (results.pareto) as CSV: one row per arch, every metric in a
/// fixed column order with units in the header, for spreadsheets and plots.

#include <string>

#include "search/pareto_record.h"

namespace h4h {

/// Header: key,feasible,accuracy,latency_ms,energy_mj,period_ms,params_m,macs_m,
/// mbconv_layers,vit_layers,vit_mbconv_ratio,npu_layers,cim_layers,npu_only_latency_ms,
/// npu_only_energy_mj,latency_improvement,energy_improvement,error. Absent values are empty.
std::string paretoCsv(const ParetoFront& pareto);

}  // namespace h4h
