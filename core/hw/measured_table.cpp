#include "hw/measured_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "hw/cim_model.h"
#include "util/checked_math.h"
#include "util/file_read.h"

namespace h4h {

const char* measuredDeviceName(MeasuredDevice device) {
  return device == MeasuredDevice::Npu ? "npu" : "cim";
}

LayerSignature signatureOf(const Layer& layer) {
  LayerSignature s;
  s.kind = layer.kind;
  s.in = layer.in;
  s.out = layer.out;
  s.kernel = layer.kernel;
  s.stride = layer.stride;
  s.groups = layer.gemm.groups;
  return s;
}

std::size_t LayerSignatureHash::operator()(const LayerSignature& s) const {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::int64_t v) {
    h ^= static_cast<std::uint64_t>(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  };
  mix(static_cast<std::int64_t>(s.kind));
  mix(s.in.c); mix(s.in.h); mix(s.in.w);
  mix(s.out.c); mix(s.out.h); mix(s.out.w);
  mix(s.kernel); mix(s.stride); mix(s.groups);
  return static_cast<std::size_t>(h);
}

int MeasuredTable::add(const MeasuredRow& row) {
  auto& slots = m_index.try_emplace(row.signature, std::array<int, 2>{-1, -1}).first->second;
  int& slot = slots[row.device == MeasuredDevice::Npu ? 0 : 1];
  if (slot >= 0) return slot;
  slot = static_cast<int>(m_rows.size());
  m_rows.push_back(row);
  return -1;
}

const MeasuredRow* MeasuredTable::find(const Layer& layer, MeasuredDevice device) const {
  if (m_rows.empty()) return nullptr;
  auto it = m_index.find(signatureOf(layer));
  if (it == m_index.end()) return nullptr;
  const int i = it->second[device == MeasuredDevice::Npu ? 0 : 1];
  return i < 0 ? nullptr : &m_rows[static_cast<std::size_t>(i)];
}

namespace {
/// The most a measured latency or energy may be: 1e15 ns (11.6 days) and 1e15 nJ
/// (1 MJ) per layer. Beyond these the cycle counts derived from them (at up to 10 GHz)
/// and the sums and products of the objectives leave the ranges they are exact in.
constexpr double kMaxMeasuredLatencyNs = 1e15;
constexpr double kMaxMeasuredEnergyNj = 1e15;
constexpr double kMaxCycles = 4.0e18;

void overrideCost(DeviceCost& cost, const MeasuredRow& row, std::int64_t macs, double clockGhz,
                  double peakMacsPerCycle, const std::string& sourceName) {
  cost.supported = true;
  cost.unsupportedReason = UnsupportedReason::None;
  cost.latencyNs = row.latencyNs;
  cost.energyNj = row.energyNj;
  // Rows added through add() rather than the parser are not range-checked there.
  const double cycles = std::round(row.latencyNs * clockGhz);
  if (!(cycles <= kMaxCycles))
    throw InputError(sourceName + ":" + std::to_string(row.line) + ": latency_ns: " + std::to_string(row.latencyNs) +
                     " ns at " + std::to_string(clockGhz) + " GHz is beyond 64-bit cycle counts");
  cost.cycles = static_cast<std::int64_t>(cycles);
  // Capped at 1: a measurement faster than the configured peak means the peak is too low.
  cost.utilization = cost.cycles > 0 && peakMacsPerCycle > 0.0
                         ? std::min(1.0, static_cast<double>(macs) /
                                             (peakMacsPerCycle * static_cast<double>(cost.cycles)))
                         : 0.0;
  cost.source = CostSource::Measured;
}
}  // namespace

int MeasuredTable::apply(const std::vector<Layer>& layers, const HardwareConfig& hw,
                         NetworkProfile& profile) const {
  if (m_rows.empty()) return 0;
  const double npuPeak = static_cast<double>(hw.npu.rows) * hw.npu.cols;
  const double cimPeak = static_cast<double>(cimPeakMacsPerCycle(hw.cim));
  int replaced = 0;
  const std::size_t n = std::min(layers.size(), profile.size());
  for (std::size_t i = 0; i < n; ++i) {
    auto it = m_index.find(signatureOf(layers[i]));
    if (it == m_index.end()) continue;
    if (it->second[0] >= 0) {
      overrideCost(profile[i].npu, m_rows[static_cast<std::size_t>(it->second[0])], layers[i].macs,
                   hw.npu.clockGhz, npuPeak, m_sourceName);
      ++replaced;
    }
    // An NPU-only system has no CIM for a CIM measurement to describe.
    if (it->second[1] >= 0 && hw.cim.present()) {
      overrideCost(profile[i].cim, m_rows[static_cast<std::size_t>(it->second[1])], layers[i].macs,
                   hw.cim.clockGhz, cimPeak, m_sourceName);
      ++replaced;
    }
  }
  return replaced;
}

std::vector<const MeasuredRow*> MeasuredTable::unmatchedRows(const std::vector<Layer>& layers) const {
  std::vector<char> used(m_rows.size(), 0);
  for (const Layer& layer : layers) {
    auto it = m_index.find(signatureOf(layer));
    if (it == m_index.end()) continue;
    for (int i : it->second)
      if (i >= 0) used[static_cast<std::size_t>(i)] = 1;
  }
  std::vector<const MeasuredRow*> out;
  for (std::size_t i = 0; i < m_rows.size(); ++i)
    if (!used[i]) out.push_back(&m_rows[i]);
  return out;
}

const char* measuredTableHeader() {
  return "kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups,device,latency_ns,energy_nj";
}

namespace {

enum Column { kKind, kInC, kInH, kInW, kOutC, kOutH, kOutW, kKernel, kStride, kGroups, kDevice,
              kLatency, kEnergy, kColumnCount };

const char* const kColumnNames[kColumnCount] = {
    "kind", "in_c", "in_h", "in_w", "out_c", "out_h", "out_w", "kernel", "stride", "groups",
    "device", "latency_ns", "energy_nj"};

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

std::vector<std::string> splitFields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

bool parseInt(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

bool parseNumber(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(out);
}

}  // namespace

MeasuredTable parseMeasuredTable(const std::string& csvText, const std::string& sourceName) {
  MeasuredTable table(sourceName);
  ErrorList errors;
  auto where = [&](int line) { return sourceName + ":" + std::to_string(line); };

  int columnOf[kColumnCount];
  for (int& c : columnOf) c = -1;
  std::size_t fieldCount = 0;
  bool haveHeader = false;

  std::istringstream in(csvText);
  std::string raw;
  int lineNo = 0;
  while (std::getline(in, raw)) {
    ++lineNo;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = splitFields(line);
    if (!haveHeader) {
      haveHeader = true;
      fieldCount = fields.size();
      // The first line of a file that is not a measured table at all may be anything:
      // it is described by counts, never echoed. A header with every column and some
      // extra ones is a table: its extra columns are named.
      std::vector<std::string> unknown;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        int known = -1;
        for (int c = 0; c < kColumnCount; ++c)
          if (fields[i] == kColumnNames[c]) known = c;
        if (known < 0) unknown.push_back(fields[i]);
        else if (columnOf[known] >= 0) errors.add(where(lineNo), "duplicate column", fields[i]);
        else columnOf[known] = static_cast<int>(i);
      }
      std::string missing;
      int missingCount = 0;
      for (int c = 0; c < kColumnCount; ++c)
        if (columnOf[c] < 0) {
          missing += (missing.empty() ? "" : ", ") + std::string(kColumnNames[c]);
          ++missingCount;
        }
      if (!unknown.empty() && missingCount == 0) {
        for (const std::string& name : unknown)
          errors.add(where(lineNo), "unknown column", clipText(name, 40));
      } else if (!unknown.empty()) {
        errors.add(where(lineNo),
                   "is not a measured-table header: " + std::to_string(unknown.size()) +
                       " of its " + std::to_string(fields.size()) +
                       " columns are not known column names and " + std::to_string(missingCount) +
                       " of the " + std::to_string(kColumnCount) +
                       " columns are missing (expected " + measuredTableHeader() + ")");
      } else if (missingCount > 0) {
        errors.add(where(lineNo), std::string(missingCount > 1 ? "missing columns " : "missing column ") +
                                      missing + " (the header is " + measuredTableHeader() + ")");
      }
      if (!errors.empty()) throw InputError(errors);
      continue;
    }
    if (fields.size() != fieldCount) {
      errors.add(where(lineNo),
                 "has " + std::to_string(fields.size()) + " fields, the header has " +
                     std::to_string(fieldCount));
      continue;
    }
    const std::size_t before = errors.size();
    auto field = [&](Column c) -> const std::string& { return fields[static_cast<std::size_t>(columnOf[c])]; };
    auto integer = [&](Column c, std::int64_t& out) {
      if (!parseInt(field(c), out) || out < 1 || out > 1000000000)
        errors.add(where(lineNo), std::string(kColumnNames[c]) + ": must be an integer in [1, 1000000000]",
                   clipText(field(c), 40));
    };
    MeasuredRow row;
    row.line = lineNo;
    if (!parseLayerKind(field(kKind), row.signature.kind))
      errors.add(where(lineNo), "kind: unknown layer kind", clipText(field(kKind), 40));
    integer(kInC, row.signature.in.c);
    integer(kInH, row.signature.in.h);
    integer(kInW, row.signature.in.w);
    integer(kOutC, row.signature.out.c);
    integer(kOutH, row.signature.out.h);
    integer(kOutW, row.signature.out.w);
    integer(kKernel, row.signature.kernel);
    integer(kStride, row.signature.stride);
    integer(kGroups, row.signature.groups);
    const std::string& device = field(kDevice);
    if (device == "npu") row.device = MeasuredDevice::Npu;
    else if (device == "cim") row.device = MeasuredDevice::Cim;
    else errors.add(where(lineNo), "device: must be npu or cim", clipText(device, 40));
    if (!parseNumber(field(kLatency), row.latencyNs) || row.latencyNs <= 0.0)
      errors.add(where(lineNo), "latency_ns: must be a positive number of ns",
                 clipText(field(kLatency), 40));
    else if (row.latencyNs > kMaxMeasuredLatencyNs)
      errors.add(where(lineNo), "latency_ns: is beyond 1e15 ns (11.6 days), the most one layer may take",
                 clipText(field(kLatency), 40));
    if (!parseNumber(field(kEnergy), row.energyNj) || row.energyNj < 0.0)
      errors.add(where(lineNo), "energy_nj: must be a number of nJ >= 0",
                 clipText(field(kEnergy), 40));
    else if (row.energyNj > kMaxMeasuredEnergyNj)
      errors.add(where(lineNo), "energy_nj: is beyond 1e15 nJ (1 MJ), the most one layer may use",
                 clipText(field(kEnergy), 40));
    if (errors.size() != before) continue;
    const int existing = table.add(row);
    if (existing >= 0)
      errors.add(where(lineNo), "same layer signature and device as line " +
                                    std::to_string(table.rows()[static_cast<std::size_t>(existing)].line));
  }
  if (!haveHeader)
    errors.add(sourceName, std::string("no header line; expected ") + measuredTableHeader());
  if (!errors.empty()) throw InputError(errors);
  return table;
}

MeasuredTable loadMeasuredTable(const std::string& path) {
  return parseMeasuredTable(readInputFile(path, kMaxTableFileBytes), path);
}

}  // namespace h4h
