#include "ui/hardware/hardware_editor_model.h"

#include <QFile>
#include <cmath>
#include <random>
#include <unordered_map>

#include "graph/layer_graph.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "space/space_validate.h"

namespace h4h::ui {

QString hwDeviceTitle(HwDevice device) {
  switch (device) {
    case HwDevice::Npu: return QObject::tr("NPU (systolic array)");
    case HwDevice::Cim: return QObject::tr("CIM (near-memory macros)");
    case HwDevice::Link: return QObject::tr("NPU ↔ CIM link");
  }
  return QString();
}

QString hwDevicePath(HwDevice device) {
  switch (device) {
    case HwDevice::Npu: return "hardware.npu";
    case HwDevice::Cim: return "hardware.cim";
    case HwDevice::Link: return "hardware.link";
  }
  return "hardware";
}

namespace {

using T = HwParam::Type;

HwParam p(HwDevice d, const char* key, const char* label, const char* unit, T type, double min,
          double max, int decimals, const char* tip, double scale = 1.0) {
  HwParam h;
  h.device = d;
  h.key = key;
  h.label = QObject::tr(label);
  h.unit = unit[0] ? QStringLiteral(" ") + QString::fromUtf8(unit) : QString();
  h.type = type;
  h.min = min;
  h.max = max;
  h.decimals = decimals;
  h.scale = scale;
  h.toolTip = QObject::tr(tip);
  return h;
}

HwParam flag(HwDevice d, const char* key, const char* label, const char* tip) {
  HwParam h = p(d, key, label, "", T::Bool, 0, 1, 0, tip);
  return h;
}

std::vector<HwParam> makeParams() {
  constexpr double kKiB = 1024.0;
  constexpr double kMaxKiB = double(1LL << 40) / kKiB;
  const HwDevice N = HwDevice::Npu, C = HwDevice::Cim, L = HwDevice::Link;
  std::vector<HwParam> v = {
      p(N, "rows", "Array rows", "PEs", T::Int, 1, 4096, 0, "Systolic array rows"),
      p(N, "cols", "Array columns", "PEs", T::Int, 1, 4096, 0, "Systolic array columns"),
      p(N, "cores", "Cores", "cores", T::Int, 1, 64, 0,
        "Arrays sharing each layer's output channels (Ethos-U65-512: 2)"),
      p(N, "clock_ghz", "Clock", "GHz", T::Real, 0.01, 10, 3, "NPU clock frequency"),
      p(N, "dataflow", "Dataflow", "", T::Choice, 0, 0, 0,
        "os: output stationary, ws: weight stationary"),
      p(N, "sram_bytes", "On-chip SRAM", "KiB", T::Int, 1, kMaxKiB, 0,
        "SRAM for feature maps (and weights in sram_only mode)", kKiB),
      p(N, "sram_bandwidth_gbs", "SRAM bandwidth", "GB/s", T::Real, 0.01, 1e5, 2, ""),
      p(N, "dram_bandwidth_gbs", "DRAM bandwidth", "GB/s", T::Real, 0.01, 1e5, 3, ""),
      p(N, "sram_latency_cycles", "SRAM latency", "cycles", T::Int, 0, 1e6, 0,
        "Fixed latency of one SRAM access (transfer set-up)"),
      p(N, "dram_latency_cycles", "DRAM latency", "cycles", T::Int, 0, 1e6, 0,
        "Fixed latency of one DRAM access (transfer set-up)"),
      p(N, "memory_mode", "Memory mode", "", T::Choice, 0, 0, 0,
        "sram_only: weights and feature maps in SRAM; shared_sram: weights streamed from DRAM "
        "every frame; dedicated_sram: both in DRAM, the SRAM cache holds what fits"),
      p(N, "sram_cache_bytes", "SRAM cache (dedicated)", "KiB", T::Int, 1, kMaxKiB, 0,
        "SRAM the NPU uses as a cache in dedicated_sram mode", kKiB),
      p(N, "sram_burst_bytes", "SRAM burst", "bytes", T::Int, 1, 65536, 0,
        "Bytes per SRAM burst: shorter contiguous runs still take a whole burst"),
      p(N, "dram_burst_bytes", "DRAM burst", "bytes", T::Int, 1, 65536, 0,
        "Bytes per DRAM burst: shorter contiguous runs still take a whole burst"),
      p(N, "block_buffer_bytes", "Block buffer per core", "KiB", T::Int, 1, 65536, 0,
        "Accumulators and IFM of one OFM block, double-buffered; sets the re-reads", kKiB),
      p(N, "energy_per_mac_pj", "Energy per MAC", "pJ", T::Real, 1e-4, 100, 4, ""),
      p(N, "energy_per_sram_byte_pj", "Energy per SRAM byte", "pJ", T::Real, 1e-4, 1000, 4, ""),
      p(N, "energy_per_dram_byte_pj", "Energy per DRAM byte", "pJ", T::Real, 1e-4, 10000, 3, ""),
      p(N, "energy_per_vector_op_pj", "Energy per vector op", "pJ", T::Real, 0, 100, 4, ""),
      p(N, "static_power_mw", "Static power", "mW", T::Real, 0, 1e5, 3, ""),
      p(N, "layer_overhead_cycles", "Per-layer overhead", "cycles", T::Int, 0, 1e8, 0,
        "Fixed cycles added to every layer (command set-up, DMA)"),
      p(N, "vector_ops_per_cycle", "Vector unit", "ops/cycle", T::Int, 1, 1 << 20, 0,
        "Elementwise ops per cycle (add, layernorm, softmax, mlp_act, pool)"),
      p(N, "act_matmul", "Act×act matmuls", "", T::Choice, 0, 0, 0,
        "Q·Kᵀ and attention·V: gemm = per-head GEMMs, Kᵀ / V loaded from SRAM like weights; "
        "row_by_row_pessimistic = one GEMV per row (an upper bound)"),

      p(C, "macros", "Macros", "macros", T::Int, 0, 4096, 0,
        "Near-memory-compute macros; 0 = an NPU-only system (every layer on the NPU)"),
      p(C, "capacity_bytes_per_macro", "Capacity per macro", "B", T::Int, 64, 1e9, 0,
        "Weight capacity of one macro"),
      p(C, "compute_units_per_macro", "Compute units per macro", "units", T::Int, 1, 1024, 0,
        "Units sharing each weight read across positions: faster and cheaper per MAC on layers "
        "with many positions, until the array's read rate binds"),
      p(C, "macs_per_unit_per_cycle", "MACs per unit", "MACs/cycle", T::Int, 1, 65536, 0,
        "Lanes of one unit: the weights of one word it applies to one position per cycle"),
      p(C, "unit_outputs_per_cycle", "Outputs per word", "outputs", T::Int, 1, 65536, 0,
        "Outputs one weight word spans (1: near-memory adder tree; more: in-array columns)"),
      p(C, "weight_read_bytes_per_cycle", "Array read rate", "B/cycle", T::Int, 1, 1 << 20, 0,
        "Weight bytes one macro's array delivers per cycle"),
      p(C, "clock_ghz", "Clock", "GHz", T::Real, 0.001, 10, 4, ""),
      p(C, "array_read_pj_per_byte", "Array read energy", "pJ/B", T::Real, 0, 100, 4,
        "Reading one weight byte out of the array; shared by the positions that use the read"),
      p(C, "energy_per_mac_pj", "Energy per MAC", "pJ", T::Real, 0, 100, 4,
        "One MAC of a compute unit's lane"),
      p(C, "energy_per_partial_sum_pj", "Energy per partial sum", "pJ", T::Real, 0, 1000, 4,
        "Peripheral: ADC or adder-tree output, shift-add and accumulation of one dot product"),
      p(C, "weight_write_ns_per_byte", "Weight write time", "ns/B", T::Real, 1e-4, 1e6, 3, ""),
      p(C, "weight_write_pj_per_byte", "Weight write energy", "pJ/B", T::Real, 1e-4, 1e6, 3, ""),
      p(C, "buffer_bandwidth_gbs", "Buffer bandwidth", "GB/s", T::Real, 0.01, 1e5, 2, ""),
      p(C, "energy_per_buffer_byte_pj", "Energy per buffer byte", "pJ", T::Real, 1e-4, 1000, 4,
        ""),
      p(C, "static_power_mw", "Static power", "mW", T::Real, 0, 1e5, 3, ""),
      p(C, "layer_overhead_cycles", "Per-layer overhead", "cycles", T::Int, 0, 1e8, 0, ""),
      p(C, "vector_ops_per_cycle", "Vector unit", "ops/cycle", T::Int, 1, 1 << 20, 0, ""),
      p(C, "energy_per_vector_op_pj", "Energy per vector op", "pJ", T::Real, 0, 100, 4, ""),
      flag(C, "allow_reload", "Allow weight reload",
           "Rewrite weights at run time, paying the write cost (MRAM endurance normally forbids it)"),
      flag(C, "near_memory_digital", "Near-memory digital units",
           "Digital MAC units on buffered activations, so Q·Kᵀ and attention·V can run on the CIM"),
      p(C, "nmd_macs_per_cycle", "NMD throughput", "MACs/cycle", T::Int, 1, 1 << 20, 0, ""),
      p(C, "nmd_energy_per_mac_pj", "NMD energy per MAC", "pJ", T::Real, 1e-5, 100, 4, ""),

      p(L, "level", "Through", "", T::Choice, 0, 0, 0,
        "Memory level the hand-off goes through (its write + read energy, latency, bandwidth)"),
      p(L, "bandwidth_share", "Share of level bandwidth", "", T::Real, 0.01, 1, 2,
        "Fraction of the level's bandwidth a transfer gets while the NPU moves data too"),
      p(L, "bandwidth_gbs", "DMA bandwidth", "GB/s", T::Real, 0.001, 1e5, 3,
        "The DMA path's own limit"),
      p(L, "latency_ns_per_transfer", "DMA set-up", "ns", T::Real, 0, 1e9, 1,
        "Added to the level's access latency"),
      p(L, "energy_pj_per_byte", "Interconnect energy", "pJ/B", T::Real, 0, 1e5, 3,
        "Added to the level's write and read energy"),
  };
  for (HwParam& h : v) {
    if (QString(h.key) == "dataflow") h.choices = {"os", "ws"};
    else if (QString(h.key) == "act_matmul") h.choices = {"gemm", "row_by_row_pessimistic"};
    else if (QString(h.key) == "memory_mode") h.choices = {"sram_only", "shared_sram", "dedicated_sram"};
    else if (QString(h.key) == "level") h.choices = {"sram", "dram"};
  }
  return v;
}

Json deviceJson(const HardwareConfig& hw, HwDevice device) {
  switch (device) {
    case HwDevice::Npu: return npuConfigToJson(hw.npu);
    case HwDevice::Cim: return cimConfigToJson(hw.cim);
    case HwDevice::Link: return linkConfigToJson(hw.link);
  }
  return Json::object();
}

QStringList toStrings(const ErrorList& errors) {
  QStringList out;
  for (const FieldError& e : errors.items()) out << QString::fromStdString(e.str());
  return out;
}

PresetKind presetKind(HwDevice device) {
  switch (device) {
    case HwDevice::Npu: return PresetKind::Npu;
    case HwDevice::Cim: return PresetKind::Cim;
    case HwDevice::Link: return PresetKind::Link;
  }
  return PresetKind::Npu;
}

QString describedPreset(PresetKind kind, const std::string& name) {
  QFile file(QString::fromStdString(presetPath(kind, name)));
  if (!file.open(QIODevice::ReadOnly)) return QString();
  const Json j = Json::parse(file.readAll().toStdString(), nullptr, false);
  if (!j.is_object() || !j.contains("description") || !j["description"].is_string())
    return QString();
  return QString::fromStdString(j["description"].get<std::string>());
}

}  // namespace

const std::vector<HwParam>& hardwareParams() {
  static const std::vector<HwParam> kParams = makeParams();
  return kParams;
}

const HwParam* findHardwareParam(const QString& path) {
  for (const HwParam& h : hardwareParams())
    if (h.path() == path) return &h;
  return nullptr;
}

QVariant hardwareParamValue(const HardwareConfig& hw, const HwParam& param) {
  const Json j = deviceJson(hw, param.device);
  const auto it = j.find(param.key);
  if (it == j.end()) return {};
  switch (param.type) {
    case T::Bool: return it->get<bool>();
    case T::Choice: return QString::fromStdString(it->get<std::string>());
    case T::Int:
    case T::Real: return it->get<double>() / param.scale;
  }
  return {};
}

bool setHardwareParam(HardwareConfig& hw, const HwParam& param, const QVariant& value,
                      QStringList* errors) {
  Json j = deviceJson(hw, param.device);
  switch (param.type) {
    case T::Bool: j[param.key] = value.toBool(); break;
    case T::Choice: j[param.key] = value.toString().toStdString(); break;
    case T::Int: j[param.key] = std::llround(value.toDouble() * param.scale); break;
    case T::Real: j[param.key] = value.toDouble() * param.scale; break;
  }
  ErrorList list;
  const std::string path = hwDevicePath(param.device).toStdString();
  HardwareConfig out = hw;
  switch (param.device) {
    case HwDevice::Npu: out.npu = npuConfigFromJson(j, path, hw.npu, list); break;
    case HwDevice::Cim: out.cim = cimConfigFromJson(j, path, hw.cim, list); break;
    case HwDevice::Link: out.link = linkConfigFromJson(j, path, hw.link, list); break;
  }
  if (!list.empty()) {
    if (errors) *errors = toStrings(list);
    return false;
  }
  hw = out;
  return true;
}

bool applyHardwarePreset(HardwareConfig& hw, HwDevice device, const std::string& name,
                         QStringList* errors) {
  ErrorList list;
  const std::string path = (hwDevicePath(device) + ".preset").toStdString();
  bool ok = false;
  switch (device) {
    case HwDevice::Npu: {
      NpuConfig c;
      ok = loadNpuPreset(name, path, list, c);
      if (ok) hw.npu = c, hw.npuPreset = name;
      break;
    }
    case HwDevice::Cim: {
      CimConfig c;
      ok = loadCimPreset(name, path, list, c);
      if (ok) hw.cim = c, hw.cimPreset = name;
      break;
    }
    case HwDevice::Link: {
      LinkConfig c;
      ok = loadLinkPreset(name, path, list, c);
      if (ok) hw.link = c, hw.linkPreset = name;
      break;
    }
  }
  if (!ok && errors) *errors = toStrings(list);
  return ok;
}

bool deviceMatchesPreset(const HardwareConfig& hw, HwDevice device) {
  HardwareConfig preset = hw;
  const std::string& name = device == HwDevice::Npu   ? hw.npuPreset
                            : device == HwDevice::Cim ? hw.cimPreset
                                                      : hw.linkPreset;
  if (!applyHardwarePreset(preset, device, name, nullptr)) return false;
  return preset == hw;
}

QString presetDescription(HwDevice device, const std::string& name) {
  return describedPreset(presetKind(device), name);
}

bool applySocHardwarePreset(HardwareConfig& hw, const std::string& name, QStringList* errors) {
  if (name.empty()) {
    hw.socPreset.clear();
    return true;
  }
  ErrorList list;
  if (!applySocPreset(name, "hardware.preset", list, hw)) {
    if (errors) *errors = toStrings(list);
    return false;
  }
  return true;
}

bool matchesSocPreset(const HardwareConfig& hw) {
  HardwareConfig preset = hw;
  return !hw.socPreset.empty() && applySocHardwarePreset(preset, hw.socPreset, nullptr) && preset == hw;
}

QString socPresetDescription(const std::string& name) { return describedPreset(PresetKind::Soc, name); }

Arch resolveProfileArch(const SearchSpace& space, const std::string& selectedKey,
                        ProfileTarget target, QString* label, QString* note) {
  if (note) note->clear();
  if (target == ProfileTarget::Selected) {
    if (!selectedKey.empty()) {
      try {
        Arch arch = parseArchKey(selectedKey);
        ErrorList errors;
        validateArch(space, arch, errors);
        if (errors.empty()) {
          if (label) *label = QObject::tr("selected arch %1").arg(QString::fromStdString(selectedKey));
          return arch;
        }
        if (note)
          *note = QObject::tr("The selected arch is not in the current space (%1); showing the "
                              "largest arch.")
                      .arg(QString::fromStdString(errors.items().front().str()));
      } catch (const std::exception& e) {
        if (note) *note = QObject::tr("The selected arch key is unreadable (%1); showing the "
                                      "largest arch.").arg(QString::fromUtf8(e.what()));
      }
    } else if (note) {
      *note = QObject::tr("No arch selected yet; showing the largest arch.");
    }
    target = ProfileTarget::Max;
  }
  if (target == ProfileTarget::Min) {
    if (label) *label = QObject::tr("smallest arch (min)");
    return minArch(space);
  }
  if (label) *label = QObject::tr("largest arch (max)");
  return maxArch(space);
}

ProfileSummary summarizeProfile(const std::vector<Layer>& layers, const NetworkProfile& profile,
                                const HardwareConfig& hw) {
  ProfileSummary s;
  s.layers = static_cast<int>(layers.size());
  s.cimCapacityBytes = hw.cim.totalCapacityBytes();
  for (std::size_t i = 0; i < layers.size() && i < profile.size(); ++i) {
    const LayerProfile& lp = profile[i];
    s.macs += layers[i].macs;
    s.weightBytes += layers[i].weightBytes;
    s.npuLatencyNs += lp.npu.latencyNs;
    s.npuEnergyNj += lp.npu.energyNj;
    if (lp.cim.supported) {
      ++s.cimSupported;
      s.cimLatencyNs += lp.cim.latencyNs;
      s.cimEnergyNj += lp.cim.energyNj;
    }
    s.measuredCosts += (lp.npu.source == CostSource::Measured) + (lp.cim.source == CostSource::Measured);
  }
  return s;
}

std::vector<MeasuredComparison> compareMeasured(const MeasuredTable& table,
                                                const SearchSpace& space,
                                                const HardwareConfig& hw,
                                                const std::vector<Arch>& archs,
                                                int randomSamples) {
  std::vector<MeasuredComparison> out;
  const auto& rows = table.rows();
  if (rows.empty()) return out;

  // One representative layer per signature, found in the archs given, then in the
  // extreme and random archs of the space (stopping once every row is matched).
  std::unordered_map<LayerSignature, Layer, LayerSignatureHash> wanted;
  for (const MeasuredRow& r : rows) wanted.emplace(r.signature, Layer{});
  std::unordered_map<LayerSignature, Layer, LayerSignatureHash> found;
  auto scan = [&](const Arch& arch) {
    try {
      for (const Layer& layer : lowerArch(space, arch, LowerOptions{deploymentResolution(space, arch)})) {
        const LayerSignature sig = signatureOf(layer);
        if (wanted.count(sig) && !found.count(sig)) found.emplace(sig, layer);
      }
    } catch (const std::exception&) {
      // an arch of another space (stale selection): nothing to find in it
    }
  };
  std::vector<Arch> pool = archs;
  try {
    pool.push_back(maxArch(space));
    pool.push_back(minArch(space));
  } catch (const std::exception&) {
  }
  for (const Arch& a : pool) scan(a);
  std::mt19937_64 rng(12345);
  for (int i = 0; i < randomSamples && found.size() < wanted.size(); ++i) {
    try {
      scan(sampleArch(space, rng));
    } catch (const std::exception&) {
      break;
    }
  }

  std::vector<Layer> matched;
  for (const MeasuredRow& r : rows) {
    auto it = found.find(r.signature);
    if (it != found.end()) matched.push_back(it->second);
  }
  const NetworkProfile model = profileNetwork(matched, hw, nullptr);

  std::size_t next = 0;
  for (const MeasuredRow& r : rows) {
    MeasuredComparison c;
    c.line = r.line;
    c.kind = r.signature.kind;
    c.device = r.device;
    c.measuredNs = r.latencyNs;
    const LayerSignature& s = r.signature;
    c.signature = QStringLiteral("%1 %2×%3×%4 → %5×%6×%7 k%8 s%9 g%10")
                      .arg(layerKindName(s.kind))
                      .arg(s.in.c).arg(s.in.h).arg(s.in.w)
                      .arg(s.out.c).arg(s.out.h).arg(s.out.w)
                      .arg(s.kernel).arg(s.stride).arg(s.groups);
    auto it = found.find(r.signature);
    if (it != found.end()) {
      const LayerProfile& lp = model[next++];
      const DeviceCost& cost = r.device == MeasuredDevice::Npu ? lp.npu : lp.cim;
      c.matched = true;
      c.block = QString::fromStdString(it->second.block);
      c.modelSupported = cost.supported;
      c.modelNs = cost.latencyNs;
      if (cost.supported && r.latencyNs > 0.0)
        c.errorPercent = (cost.latencyNs - r.latencyNs) / r.latencyNs * 100.0;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace h4h::ui
