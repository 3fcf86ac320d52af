#include "hw/profile_csv.h"

#include <algorithm>
#include <cstdio>

namespace h4h {

namespace {

std::string num(double v, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string quoted(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const char* sourceOf(const LayerProfile& p) {
  const bool n = p.npu.source == CostSource::Measured, c = p.cim.source == CostSource::Measured;
  if (n && c) return "measured";
  if (n) return "measured:npu";
  if (c) return "measured:cim";
  return "model";
}

}  // namespace

std::string profileCsvHeader() {
  return "id,block,kind,macs,weight_bytes,in_bytes,out_bytes,npu_cycles,npu_latency_ns,"
         "npu_energy_nj,npu_util,npu_sram_bytes,npu_dram_bytes,cim_supported,cim_cycles,cim_latency_ns,cim_energy_nj,cim_util,"
         "link_latency_ns,link_energy_nj,source,cim_note";
}

std::string profileCsv(const std::vector<Layer>& layers, const NetworkProfile& profile) {
  std::string out = profileCsvHeader() + "\n";
  const std::size_t n = std::min(layers.size(), profile.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Layer& l = layers[i];
    const LayerProfile& p = profile[i];
    out += std::to_string(l.id) + ',' + quoted(l.block) + ',' + layerKindName(l.kind) + ',' +
           std::to_string(l.macs) + ',' + std::to_string(l.weightBytes) + ',' +
           std::to_string(l.inBytes) + ',' + std::to_string(l.outBytes) + ',';
    out += std::to_string(p.npu.cycles) + ',' + num(p.npu.latencyNs, "%.1f") + ',' +
           num(p.npu.energyNj, "%.4f") + ',' + num(p.npu.utilization, "%.4f") + ',' +
           std::to_string(p.npu.sramBytes) + ',' + std::to_string(p.npu.dramBytes) + ',';
    if (p.cim.supported)
      out += "1," + std::to_string(p.cim.cycles) + ',' + num(p.cim.latencyNs, "%.1f") + ',' +
             num(p.cim.energyNj, "%.4f") + ',' + num(p.cim.utilization, "%.4f") + ',';
    else
      out += "0,,,,,";
    out +=
        num(p.outputTransfer.latencyNs, "%.1f") + ',' + num(p.outputTransfer.energyNj, "%.4f") +
        ',' + sourceOf(p) + ',' +
        (p.cim.supported ? std::string() : quoted(unsupportedReasonText(p.cim.unsupportedReason))) +
        '\n';
  }
  return out;
}

}  // namespace h4h
