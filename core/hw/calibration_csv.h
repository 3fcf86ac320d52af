#pragma once
/// The model-vs-Vela comparison as CSV (`h4h calibrate --csv FILE`), one row per line
/// of the comparison (calibration.h):
///   layer,block,kind,vela_lines,vela_operator,vela_name,expected_vela_macs,vela_macs,
///   macs_agree,model_compute,vela_compute,compute_ratio,model_sram,vela_sram,
///   model_dram,vela_dram,model_memory,vela_memory,memory_ratio,model_total,
///   vela_total,total_ratio
/// Cycles per inference; ratios are model / Vela, empty where a side is missing or 0
/// or the MAC counts differ. A layer split by Vela lists its lines joined by ';'.

#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/calibration.h"
#include "hw/vela_csv.h"

namespace h4h {

std::string calibrationCsv(const CalibrationReport& report, const std::vector<Layer>& layers,
                           const VelaPerLayer& vela);

}  // namespace h4h
