#include "hw/hardware_config.h"

#include "hw/presets.h"

namespace h4h {

const char* dataflowName(Dataflow dataflow) {
  return dataflow == Dataflow::OutputStationary ? "os" : "ws";
}

bool parseDataflow(const std::string& text, Dataflow& dataflow) {
  if (text == "os") dataflow = Dataflow::OutputStationary;
  else if (text == "ws") dataflow = Dataflow::WeightStationary;
  else return false;
  return true;
}

const char* actMatmulName(ActMatmul mode) {
  return mode == ActMatmul::Gemm ? "gemm" : "row_by_row_pessimistic";
}

bool parseActMatmul(const std::string& text, ActMatmul& mode) {
  if (text == "gemm") mode = ActMatmul::Gemm;
  else if (text == "row_by_row_pessimistic") mode = ActMatmul::RowByRowPessimistic;
  else return false;
  return true;
}

const char* memoryLevelName(MemoryLevel level) {
  return level == MemoryLevel::Dram ? "dram" : "sram";
}

bool parseMemoryLevel(const std::string& text, MemoryLevel& level) {
  if (text == "sram") level = MemoryLevel::Sram;
  else if (text == "dram") level = MemoryLevel::Dram;
  else return false;
  return true;
}

const char* memoryModeName(NpuMemoryMode mode) {
  switch (mode) {
    case NpuMemoryMode::SramOnly: return "sram_only";
    case NpuMemoryMode::SharedSram: return "shared_sram";
    case NpuMemoryMode::DedicatedSram: return "dedicated_sram";
  }
  return "";
}

bool parseMemoryMode(const std::string& text, NpuMemoryMode& mode) {
  for (NpuMemoryMode m : {NpuMemoryMode::SramOnly, NpuMemoryMode::SharedSram,
                          NpuMemoryMode::DedicatedSram}) {
    if (text == memoryModeName(m)) {
      mode = m;
      return true;
    }
  }
  return false;
}

const char* memoryModeChoices() { return "sram_only, shared_sram, dedicated_sram"; }

bool NpuConfig::operator==(const NpuConfig& o) const {
  return rows == o.rows && cols == o.cols && cores == o.cores && clockGhz == o.clockGhz &&
         dataflow == o.dataflow && sramBytes == o.sramBytes && sramBandwidthGBs == o.sramBandwidthGBs &&
         dramBandwidthGBs == o.dramBandwidthGBs && sramLatencyCycles == o.sramLatencyCycles &&
         dramLatencyCycles == o.dramLatencyCycles && memoryMode == o.memoryMode &&
         sramCacheBytes == o.sramCacheBytes && sramBurstBytes == o.sramBurstBytes &&
         dramBurstBytes == o.dramBurstBytes && blockBufferBytes == o.blockBufferBytes &&
         energyPerMacPj == o.energyPerMacPj &&
         energyPerSramBytePj == o.energyPerSramBytePj &&
         energyPerDramBytePj == o.energyPerDramBytePj &&
         energyPerVectorOpPj == o.energyPerVectorOpPj && staticPowerMw == o.staticPowerMw &&
         layerOverheadCycles == o.layerOverheadCycles &&
         vectorOpsPerCycle == o.vectorOpsPerCycle && actMatmul == o.actMatmul;
}

bool CimConfig::operator==(const CimConfig& o) const {
  return macros == o.macros && capacityBytesPerMacro == o.capacityBytesPerMacro &&
         computeUnitsPerMacro == o.computeUnitsPerMacro &&
         macsPerUnitPerCycle == o.macsPerUnitPerCycle &&
         unitOutputsPerCycle == o.unitOutputsPerCycle &&
         weightReadBytesPerCycle == o.weightReadBytesPerCycle && clockGhz == o.clockGhz &&
         arrayReadPjPerByte == o.arrayReadPjPerByte && energyPerMacPj == o.energyPerMacPj &&
         energyPerPartialSumPj == o.energyPerPartialSumPj &&
         weightWriteNsPerByte == o.weightWriteNsPerByte &&
         weightWritePjPerByte == o.weightWritePjPerByte &&
         bufferBandwidthGBs == o.bufferBandwidthGBs &&
         energyPerBufferBytePj == o.energyPerBufferBytePj && staticPowerMw == o.staticPowerMw &&
         layerOverheadCycles == o.layerOverheadCycles &&
         vectorOpsPerCycle == o.vectorOpsPerCycle &&
         energyPerVectorOpPj == o.energyPerVectorOpPj && allowReload == o.allowReload &&
         nearMemoryDigital == o.nearMemoryDigital && nmdMacsPerCycle == o.nmdMacsPerCycle &&
         nmdEnergyPerMacPj == o.nmdEnergyPerMacPj;
}

bool LinkConfig::operator==(const LinkConfig& o) const {
  return level == o.level && bandwidthShare == o.bandwidthShare &&
         bandwidthGBs == o.bandwidthGBs && latencyNsPerTransfer == o.latencyNsPerTransfer &&
         energyPjPerByte == o.energyPjPerByte;
}

bool HardwareConfig::operator==(const HardwareConfig& o) const {
  return socPreset == o.socPreset && npuPreset == o.npuPreset && cimPreset == o.cimPreset && linkPreset == o.linkPreset &&
         npu == o.npu && cim == o.cim && link == o.link &&
         measuredTablePath == o.measuredTablePath;
}

namespace {

constexpr long long kMaxBytes = 1000000000;  // 1 GB: more is a typo on an edge device

/// Reads the fields of one device section and puts the unit into range errors,
/// e.g. "must be in [0.01, 10] GHz".
class SectionReader {
public:
  SectionReader(const Json& j, const std::string& path, ErrorList& errors, bool complete)
      : m_json(j), m_path(path), m_errors(errors),
        m_need(complete ? Need::Required : Need::Optional) {}

  long long integer(const char* key, long long fallback, long long min, long long max,
                    const char* unit) {
    ErrorList local;
    JsonFields f(m_json, m_path, local);
    const long long v = f.getInt(key, fallback, min, max, m_need);
    forward(local, unit);
    return v;
  }
  double number(const char* key, double fallback, double min, double max, const char* unit) {
    ErrorList local;
    JsonFields f(m_json, m_path, local);
    const double v = f.getDouble(key, fallback, min, max, m_need);
    forward(local, unit);
    return v;
  }
  bool flag(const char* key, bool fallback) {
    JsonFields f(m_json, m_path, m_errors);
    return f.getBool(key, fallback, m_need);
  }
  std::string choice(const char* key, const std::string& fallback,
                     const std::vector<std::string>& allowed) {
    JsonFields f(m_json, m_path, m_errors);
    return f.getEnum(key, fallback, allowed, m_need);
  }

private:
  void forward(const ErrorList& local, const char* unit) {
    for (const FieldError& e : local.items()) {
      std::string problem = e.problem;
      if (unit[0] != '\0' && problem.compare(0, 12, "must be in [") == 0)
        problem += std::string(" ") + unit;
      m_errors.add(e.path, problem, e.value);
    }
  }

  const Json& m_json;
  std::string m_path;
  ErrorList& m_errors;
  Need m_need;
};

bool checkObject(const Json& j, const std::string& path, ErrorList& errors) {
  JsonFields f(j, path, errors);
  return f.isObject();
}

/// `act_matmul`, or the boolean it replaced before issue 20: `act_matmul_row_by_row`
/// true ran these matmuls row by row, which is now the pessimistic option; false ran
/// them as GEMMs.
ActMatmul readActMatmul(const Json& j, const std::string& path, SectionReader& r, ActMatmul fallback,
                        ErrorList& errors) {
  JsonFields f(j, path, errors);
  if (!f.has("act_matmul_row_by_row")) {
    ActMatmul mode = fallback;
    const std::vector<std::string> names = {actMatmulName(ActMatmul::Gemm),
                                            actMatmulName(ActMatmul::RowByRowPessimistic)};
    parseActMatmul(r.choice("act_matmul", actMatmulName(fallback), names), mode);
    return mode;
  }
  if (f.has("act_matmul")) {
    errors.add(f.pathOf("act_matmul_row_by_row"), "replaced by act_matmul: give only act_matmul");
    return fallback;
  }
  const bool rowByRow = f.getBool("act_matmul_row_by_row", fallback == ActMatmul::RowByRowPessimistic);
  return rowByRow ? ActMatmul::RowByRowPessimistic : ActMatmul::Gemm;
}

}  // namespace

NpuConfig npuConfigFromJson(const Json& j, const std::string& path, const NpuConfig& base,
                            ErrorList& errors, bool complete) {
  NpuConfig c = base;
  if (!checkObject(j, path, errors)) return c;
  SectionReader r(j, path, errors, complete);
  c.rows = static_cast<int>(r.integer("rows", c.rows, 1, 4096, "PEs"));
  c.cols = static_cast<int>(r.integer("cols", c.cols, 1, 4096, "PEs"));
  c.cores = static_cast<int>(r.integer("cores", c.cores, 1, 64, "cores"));
  c.clockGhz = r.number("clock_ghz", c.clockGhz, 0.01, 10.0, "GHz");
  Dataflow df = c.dataflow;
  parseDataflow(r.choice("dataflow", dataflowName(c.dataflow), {"os", "ws"}), df);
  c.dataflow = df;
  c.sramBytes = r.integer("sram_bytes", c.sramBytes, 1024, kMaxBytes, "bytes");
  c.sramBandwidthGBs = r.number("sram_bandwidth_gbs", c.sramBandwidthGBs, 0.01, 1e5, "GB/s");
  c.dramBandwidthGBs = r.number("dram_bandwidth_gbs", c.dramBandwidthGBs, 0.01, 1e5, "GB/s");
  c.sramLatencyCycles =
      r.integer("sram_latency_cycles", c.sramLatencyCycles, 0, 1000000, "cycles");
  c.dramLatencyCycles =
      r.integer("dram_latency_cycles", c.dramLatencyCycles, 0, 1000000, "cycles");
  NpuMemoryMode mode = c.memoryMode;
  parseMemoryMode(r.choice("memory_mode", memoryModeName(c.memoryMode),
                           {"sram_only", "shared_sram", "dedicated_sram"}),
                  mode);
  c.memoryMode = mode;
  c.sramCacheBytes = r.integer("sram_cache_bytes", c.sramCacheBytes, 1024, kMaxBytes, "bytes");
  c.sramBurstBytes =
      static_cast<int>(r.integer("sram_burst_bytes", c.sramBurstBytes, 1, 65536, "bytes"));
  c.dramBurstBytes =
      static_cast<int>(r.integer("dram_burst_bytes", c.dramBurstBytes, 1, 65536, "bytes"));
  c.blockBufferBytes =
      r.integer("block_buffer_bytes", c.blockBufferBytes, 1024, 64 * 1024 * 1024, "bytes");
  c.energyPerMacPj = r.number("energy_per_mac_pj", c.energyPerMacPj, 1e-4, 100.0, "pJ");
  c.energyPerSramBytePj =
      r.number("energy_per_sram_byte_pj", c.energyPerSramBytePj, 1e-4, 1000.0, "pJ");
  c.energyPerDramBytePj =
      r.number("energy_per_dram_byte_pj", c.energyPerDramBytePj, 1e-4, 10000.0, "pJ");
  c.energyPerVectorOpPj =
      r.number("energy_per_vector_op_pj", c.energyPerVectorOpPj, 0.0, 100.0, "pJ");
  c.staticPowerMw = r.number("static_power_mw", c.staticPowerMw, 0.0, 1e5, "mW");
  c.layerOverheadCycles =
      r.integer("layer_overhead_cycles", c.layerOverheadCycles, 0, 100000000, "cycles");
  c.vectorOpsPerCycle =
      static_cast<int>(r.integer("vector_ops_per_cycle", c.vectorOpsPerCycle, 1, 1 << 20, "ops/cycle"));
  c.actMatmul = readActMatmul(j, path, r, c.actMatmul, errors);
  return c;
}

CimConfig cimConfigFromJson(const Json& j, const std::string& path, const CimConfig& base,
                            ErrorList& errors, bool complete) {
  CimConfig c = base;
  if (!checkObject(j, path, errors)) return c;
  SectionReader r(j, path, errors, complete);
  c.macros = static_cast<int>(r.integer("macros", c.macros, 0, 4096, "macros (0 = NPU-only)"));
  c.capacityBytesPerMacro =
      r.integer("capacity_bytes_per_macro", c.capacityBytesPerMacro, 64, kMaxBytes, "bytes");
  c.computeUnitsPerMacro = static_cast<int>(
      r.integer("compute_units_per_macro", c.computeUnitsPerMacro, 1, 1024, "units"));
  c.macsPerUnitPerCycle = static_cast<int>(
      r.integer("macs_per_unit_per_cycle", c.macsPerUnitPerCycle, 1, 65536, "MACs/cycle"));
  c.unitOutputsPerCycle = static_cast<int>(
      r.integer("unit_outputs_per_cycle", c.unitOutputsPerCycle, 1, 65536, "outputs/cycle"));
  c.weightReadBytesPerCycle = static_cast<int>(r.integer(
      "weight_read_bytes_per_cycle", c.weightReadBytesPerCycle, 1, 1 << 20, "bytes/cycle"));
  c.clockGhz = r.number("clock_ghz", c.clockGhz, 0.001, 10.0, "GHz");
  c.arrayReadPjPerByte =
      r.number("array_read_pj_per_byte", c.arrayReadPjPerByte, 0.0, 100.0, "pJ");
  c.energyPerMacPj = r.number("energy_per_mac_pj", c.energyPerMacPj, 0.0, 100.0, "pJ");
  c.energyPerPartialSumPj =
      r.number("energy_per_partial_sum_pj", c.energyPerPartialSumPj, 0.0, 1000.0, "pJ");
  c.weightWriteNsPerByte =
      r.number("weight_write_ns_per_byte", c.weightWriteNsPerByte, 1e-4, 1e6, "ns");
  c.weightWritePjPerByte =
      r.number("weight_write_pj_per_byte", c.weightWritePjPerByte, 1e-4, 1e6, "pJ");
  c.bufferBandwidthGBs =
      r.number("buffer_bandwidth_gbs", c.bufferBandwidthGBs, 0.01, 1e5, "GB/s");
  c.energyPerBufferBytePj =
      r.number("energy_per_buffer_byte_pj", c.energyPerBufferBytePj, 1e-4, 1000.0, "pJ");
  c.staticPowerMw = r.number("static_power_mw", c.staticPowerMw, 0.0, 1e5, "mW");
  c.layerOverheadCycles =
      r.integer("layer_overhead_cycles", c.layerOverheadCycles, 0, 100000000, "cycles");
  c.vectorOpsPerCycle =
      static_cast<int>(r.integer("vector_ops_per_cycle", c.vectorOpsPerCycle, 1, 1 << 20, "ops/cycle"));
  c.energyPerVectorOpPj =
      r.number("energy_per_vector_op_pj", c.energyPerVectorOpPj, 0.0, 100.0, "pJ");
  c.allowReload = r.flag("allow_reload", c.allowReload);
  c.nearMemoryDigital = r.flag("near_memory_digital", c.nearMemoryDigital);
  c.nmdMacsPerCycle =
      static_cast<int>(r.integer("nmd_macs_per_cycle", c.nmdMacsPerCycle, 1, 1 << 20, "MACs/cycle"));
  c.nmdEnergyPerMacPj = r.number("nmd_energy_per_mac_pj", c.nmdEnergyPerMacPj, 1e-4, 100.0, "pJ");
  // A word spans unitOutputsPerCycle outputs of equal reduction depth.
  if (c.macsPerUnitPerCycle % c.unitOutputsPerCycle != 0)
    errors.add(joinPath(path, "unit_outputs_per_cycle"),
               "must divide macs_per_unit_per_cycle (" +
                   std::to_string(c.macsPerUnitPerCycle) + ")",
               std::to_string(c.unitOutputsPerCycle));
  return c;
}

LinkConfig linkConfigFromJson(const Json& j, const std::string& path, const LinkConfig& base,
                              ErrorList& errors, bool complete) {
  LinkConfig c = base;
  if (!checkObject(j, path, errors)) return c;
  SectionReader r(j, path, errors, complete);
  MemoryLevel level = c.level;
  parseMemoryLevel(r.choice("level", memoryLevelName(c.level), {"sram", "dram"}), level);
  c.level = level;
  c.bandwidthShare = r.number("bandwidth_share", c.bandwidthShare, 0.01, 1.0, "");
  c.bandwidthGBs = r.number("bandwidth_gbs", c.bandwidthGBs, 0.001, 1e5, "GB/s");
  c.latencyNsPerTransfer =
      r.number("latency_ns_per_transfer", c.latencyNsPerTransfer, 0.0, 1e9, "ns");
  c.energyPjPerByte = r.number("energy_pj_per_byte", c.energyPjPerByte, 0.0, 1e5, "pJ");
  return c;
}

void dropSupersededHardwareFields(Json& hardwareSection) {
  if (!hardwareSection.is_object()) return;
  const auto npu = hardwareSection.find("npu");
  if (npu != hardwareSection.end() && npu->is_object()) npu->erase("act_matmul_row_by_row");
}

Json npuConfigToJson(const NpuConfig& c) {
  return Json{{"rows", c.rows},
              {"cols", c.cols},
              {"cores", c.cores},
              {"clock_ghz", c.clockGhz},
              {"dataflow", dataflowName(c.dataflow)},
              {"sram_bytes", c.sramBytes},
              {"sram_bandwidth_gbs", c.sramBandwidthGBs},
              {"dram_bandwidth_gbs", c.dramBandwidthGBs},
              {"sram_latency_cycles", c.sramLatencyCycles},
              {"dram_latency_cycles", c.dramLatencyCycles},
              {"memory_mode", memoryModeName(c.memoryMode)},
              {"sram_cache_bytes", c.sramCacheBytes},
              {"sram_burst_bytes", c.sramBurstBytes},
              {"dram_burst_bytes", c.dramBurstBytes},
              {"block_buffer_bytes", c.blockBufferBytes},
              {"energy_per_mac_pj", c.energyPerMacPj},
              {"energy_per_sram_byte_pj", c.energyPerSramBytePj},
              {"energy_per_dram_byte_pj", c.energyPerDramBytePj},
              {"energy_per_vector_op_pj", c.energyPerVectorOpPj},
              {"static_power_mw", c.staticPowerMw},
              {"layer_overhead_cycles", c.layerOverheadCycles},
              {"vector_ops_per_cycle", c.vectorOpsPerCycle},
              {"act_matmul", actMatmulName(c.actMatmul)}};
}

Json cimConfigToJson(const CimConfig& c) {
  return Json{{"macros", c.macros},
              {"capacity_bytes_per_macro", c.capacityBytesPerMacro},
              {"compute_units_per_macro", c.computeUnitsPerMacro},
              {"macs_per_unit_per_cycle", c.macsPerUnitPerCycle},
              {"unit_outputs_per_cycle", c.unitOutputsPerCycle},
              {"weight_read_bytes_per_cycle", c.weightReadBytesPerCycle},
              {"clock_ghz", c.clockGhz},
              {"array_read_pj_per_byte", c.arrayReadPjPerByte},
              {"energy_per_mac_pj", c.energyPerMacPj},
              {"energy_per_partial_sum_pj", c.energyPerPartialSumPj},
              {"weight_write_ns_per_byte", c.weightWriteNsPerByte},
              {"weight_write_pj_per_byte", c.weightWritePjPerByte},
              {"buffer_bandwidth_gbs", c.bufferBandwidthGBs},
              {"energy_per_buffer_byte_pj", c.energyPerBufferBytePj},
              {"static_power_mw", c.staticPowerMw},
              {"layer_overhead_cycles", c.layerOverheadCycles},
              {"vector_ops_per_cycle", c.vectorOpsPerCycle},
              {"energy_per_vector_op_pj", c.energyPerVectorOpPj},
              {"allow_reload", c.allowReload},
              {"near_memory_digital", c.nearMemoryDigital},
              {"nmd_macs_per_cycle", c.nmdMacsPerCycle},
              {"nmd_energy_per_mac_pj", c.nmdEnergyPerMacPj}};
}

Json linkConfigToJson(const LinkConfig& c) {
  return Json{{"level", memoryLevelName(c.level)},
              {"bandwidth_share", c.bandwidthShare},
              {"bandwidth_gbs", c.bandwidthGBs},
              {"latency_ns_per_transfer", c.latencyNsPerTransfer},
              {"energy_pj_per_byte", c.energyPjPerByte}};
}

HardwareConfig hardwareFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  HardwareConfig hw;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return hw;

  // A combined SoC preset is a hardware section of its own: its device sections are the
  // base that the project's sections override key by key.
  hw.socPreset = f.getString("preset", "");
  Json socSections = Json::object();
  if (!hw.socPreset.empty()) loadSocPreset(hw.socPreset, f.pathOf("preset"), errors, socSections);
  auto section = [&](const char* key) -> Json {
    Json merged = socSections.value(key, Json::object());
    const Json* own = f.child(key);
    if (!own) return merged;
    if (!own->is_object()) return *own;  // the section reader reports it
    for (auto it = own->begin(); it != own->end(); ++it) merged[it.key()] = it.value();
    return merged;
  };
  auto presetName = [&](const Json& s, const std::string& sectionPath, const std::string& def) {
    if (!s.is_object()) return def;
    JsonFields sf(s, sectionPath, errors);
    return sf.getString("preset", def);
  };

  {
    const std::string p = f.pathOf("npu");
    const Json s = section("npu");
    hw.npuPreset = presetName(s, p, hw.npuPreset);
    NpuConfig base;
    loadNpuPreset(hw.npuPreset, joinPath(p, "preset"), errors, base);
    hw.npu = npuConfigFromJson(s, p, base, errors);
  }
  {
    const std::string p = f.pathOf("cim");
    const Json s = section("cim");
    hw.cimPreset = presetName(s, p, hw.cimPreset);
    CimConfig base;
    loadCimPreset(hw.cimPreset, joinPath(p, "preset"), errors, base);
    hw.cim = cimConfigFromJson(s, p, base, errors);
  }
  {
    const std::string p = f.pathOf("link");
    const Json s = section("link");
    hw.linkPreset = presetName(s, p, hw.linkPreset);
    LinkConfig base;
    loadLinkPreset(hw.linkPreset, joinPath(p, "preset"), errors, base);
    hw.link = linkConfigFromJson(s, p, base, errors);
  }
  hw.measuredTablePath = f.getString("measured_table", "");
  return hw;
}

Json hardwareToJson(const HardwareConfig& hw) {
  Json npu = npuConfigToJson(hw.npu);
  npu["preset"] = hw.npuPreset;
  Json cim = cimConfigToJson(hw.cim);
  cim["preset"] = hw.cimPreset;
  Json link = linkConfigToJson(hw.link);
  link["preset"] = hw.linkPreset;
  Json out{{"npu", npu}, {"cim", cim}, {"link", link}, {"measured_table", hw.measuredTablePath}};
  if (!hw.socPreset.empty()) out["preset"] = hw.socPreset;
  return out;
}

}  // namespace h4h
