#include "hw/calibration_csv.h"

#include <cstdio>

#include "util/csv_record.h"

namespace h4h {

namespace {

std::string cycles(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

/// model / Vela, or "" when the row is not compared or a side is 0.
std::string ratio(const CalibrationRow& row, double CycleParts::*part) {
  if (!row.compared() || !(row.model.*part > 0.0) || !(row.vela.*part > 0.0)) return "";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4f", row.model.*part / row.vela.*part);
  return buf;
}

}  // namespace

std::string calibrationCsv(const CalibrationReport& report, const std::vector<Layer>& layers,
                           const VelaPerLayer& vela) {
  std::string out =
      "layer,block,kind,vela_lines,vela_operator,vela_name,expected_vela_macs,vela_macs,macs_agree,"
      "model_compute,vela_compute,compute_ratio,model_sram,vela_sram,model_dram,vela_dram,"
      "model_memory,vela_memory,memory_ratio,model_total,vela_total,total_ratio\n";
  for (const CalibrationRow& row : report.rows) {
    const bool haveLayer = row.layer >= 0;
    const bool haveVela = !row.velaRows.empty();
    if (haveLayer) {
      const Layer& l = layers[std::size_t(row.layer)];
      out += std::to_string(l.id) + ',' + csvField(l.block) + ',' + layerKindName(l.kind) + ',';
    } else {
      out += ",,,";
    }
    std::string lines, op, name;
    for (std::size_t k = 0; k < row.velaRows.size(); ++k) {
      const VelaLayerRow& v = vela.rows[std::size_t(row.velaRows[k])];
      lines += (k ? ";" : "") + std::to_string(v.line);
      if (k == 0) {
        op = v.sourceOperator + "/" + v.npuOperator;
        name = v.name;
      }
    }
    out += lines + ',' + csvField(op) + ',' + csvField(name) + ',';
    out += (haveLayer ? std::to_string(row.expectedVelaMacs) : "") + ',' +
           (haveVela ? std::to_string(row.velaMacs) : "") + ',' +
           (row.matched() ? (row.macsAgree ? "1" : "0") : "") + ',';
    auto part = [&](double CycleParts::*p, bool withRatio) {
      out += (haveLayer ? cycles(row.model.*p) : "") + ',' + (haveVela ? cycles(row.vela.*p) : "") + ',';
      if (withRatio) out += ratio(row, p) + ',';
    };
    part(&CycleParts::compute, true);
    part(&CycleParts::sram, false);
    part(&CycleParts::dram, false);
    part(&CycleParts::memory, true);
    part(&CycleParts::total, true);
    out.back() = '\n';
  }
  return out;
}

}  // namespace h4h
