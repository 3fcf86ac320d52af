#include "hw/vela_csv.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "util/csv_record.h"
#include "util/errors.h"
#include "util/file_read.h"

namespace h4h {

namespace {

struct Record {
  int line = 0;
  std::vector<std::string> fields;  // trimmed
};

/// The non-blank records of `text`; quoting problems are added to `errors`.
std::vector<Record> readRecords(const std::string& text, const std::string& source, ErrorList& errors) {
  std::vector<Record> out;
  std::istringstream in(text);
  std::string raw, problem;
  int lineNo = 0;
  while (std::getline(in, raw)) {
    ++lineNo;
    if (trimmed(raw).empty()) continue;
    Record r;
    r.line = lineNo;
    if (!splitCsvRecord(raw, r.fields, problem)) {
      errors.add(source + ":" + std::to_string(lineNo), problem);
      continue;
    }
    for (std::string& f : r.fields) f = trimmed(f);
    out.push_back(std::move(r));
  }
  return out;
}

/// Column positions of a header, found by name (the first column of that name).
class Columns {
public:
  explicit Columns(std::vector<std::string> header) : m_header(std::move(header)) {}
  int find(const std::string& name) const {
    const auto it = std::find(m_header.begin(), m_header.end(), name);
    return it == m_header.end() ? -1 : static_cast<int>(it - m_header.begin());
  }
  std::size_t size() const { return m_header.size(); }
  const std::vector<std::string>& header() const { return m_header; }

private:
  std::vector<std::string> m_header;
};

/// Reads the named columns of one data record, adding `file:line: column 'X': ...` errors.
class RowReader {
public:
  RowReader(const Columns& columns, const Record& record, const std::string& source, ErrorList& errors)
      : m_columns(columns), m_record(record), m_where(source + ":" + std::to_string(record.line)),
        m_errors(errors) {}

  std::string text(const std::string& column) const {
    const int i = m_columns.find(column);
    return i < 0 ? std::string() : m_record.fields[static_cast<std::size_t>(i)];
  }
  /// A finite number ≥ 0; `fallback` when the column is absent.
  double number(const std::string& column, double fallback = 0.0) {
    if (m_columns.find(column) < 0) return fallback;
    const std::string s = text(column);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v < 0.0) {
      problem(column, "must be a non-negative number", s);
      return fallback;
    }
    return v;
  }
  /// A whole number ≥ 0 that a double holds exactly (Python writes ints without ".0",
  /// numpy floats with it; both are accepted).
  std::int64_t count(const std::string& column) {
    const std::string s = text(column);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !(v >= 0.0) || v > 9007199254740992.0 ||
        v != std::floor(v)) {
      problem(column, "must be a non-negative integer", s);
      return 0;
    }
    return static_cast<std::int64_t>(v);
  }
  void problem(const std::string& column, const std::string& what, const std::string& value) {
    m_errors.add(m_where, "column '" + column + "': " + what, clipText(value, 40));
  }

private:
  const Columns& m_columns;
  const Record& m_record;
  std::string m_where;
  ErrorList& m_errors;
};

/// Adds an error per required column the header lacks; true when all are present.
bool requireColumns(const Columns& columns, const std::vector<std::string>& required,
                    const std::string& where, const std::string& what, ErrorList& errors) {
  bool ok = true;
  for (const std::string& name : required) {
    if (columns.find(name) >= 0) continue;
    errors.add(where, "missing column '" + name + "' of " + what);
    ok = false;
  }
  return ok;
}

const std::vector<std::string> kPerLayerRequired = {"NNG Operator", "Op Cycles", "NPU", "SRAM AC",
                                                    "DRAM AC",      "MAC Count", "Name"};
const std::vector<std::string> kSummaryRequired = {
    "network",          "accelerator_configuration", "system_config",      "memory_mode",
    "core_clock",       "inference_time",            "nn_macs",            "sram_total_bytes",
    "dram_total_bytes", "cycles_npu",                "cycles_sram_access", "cycles_dram_access",
    "cycles_total"};

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

double VelaLayerRow::memoryCycles() const {
  return std::max({sramAccessCycles, dramAccessCycles, onChipFlashAccessCycles, offChipFlashAccessCycles});
}

int VelaSummary::acceleratorMacsPerCycle() const {
  std::size_t digits = acceleratorConfiguration.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(acceleratorConfiguration[digits - 1])))
    --digits;
  const std::string tail = acceleratorConfiguration.substr(digits);
  if (tail.empty() || tail.size() > 6) return 0;
  return std::stoi(tail);
}

VelaPerLayer parseVelaPerLayerCsv(const std::string& text, const std::string& source) {
  ErrorList errors;
  const std::vector<Record> records = readRecords(text, source, errors);
  VelaPerLayer out;
  out.source = source;
  if (records.empty()) {
    if (errors.empty()) errors.add(source, "empty file: expected Vela's per-layer CSV (--verbose-performance)");
    throw InputError(errors);
  }
  const Record& head = records.front();
  const std::string where = source + ":" + std::to_string(head.line);
  if (!endsWith(head.fields.front(), "_operator")) {
    errors.add(where,
               "not a Vela per-layer CSV header: expected 'TFLite_operator, NNG Operator, SRAM Usage, "
               "Peak%, Op Cycles, Network%, NPU, SRAM AC, DRAM AC, OnFlash AC, OffFlash AC, MAC Count, "
               "Network%, Util%, Name'",
               clipText(head.fields.front(), 40));
    throw InputError(errors);
  }
  const Columns columns(head.fields);
  if (!requireColumns(columns, kPerLayerRequired, where, "Vela's per-layer CSV", errors))
    throw InputError(errors);

  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    if (rec.fields == columns.header()) continue;  // the header again: Vela writes one per NPU subgraph
    if (rec.fields.size() != columns.size()) {
      errors.add(source + ":" + std::to_string(rec.line),
                 "has " + std::to_string(rec.fields.size()) + " fields, the header has " +
                     std::to_string(columns.size()));
      continue;
    }
    RowReader read(columns, rec, source, errors);
    VelaLayerRow row;
    row.line = rec.line;
    row.sourceOperator = rec.fields.front();
    row.npuOperator = read.text("NNG Operator");
    row.name = read.text("Name");
    row.opCycles = read.number("Op Cycles");
    row.npuCycles = read.number("NPU");
    row.sramAccessCycles = read.number("SRAM AC");
    row.dramAccessCycles = read.number("DRAM AC");
    row.onChipFlashAccessCycles = read.number("OnFlash AC");
    row.offChipFlashAccessCycles = read.number("OffFlash AC");
    row.macs = read.count("MAC Count");
    if (row.npuOperator.empty()) read.problem("NNG Operator", "must name Vela's operator", "");
    out.rows.push_back(std::move(row));
  }
  if (errors.empty() && out.rows.empty()) errors.add(source, "no operations after the header");
  if (!errors.empty()) throw InputError(errors);
  return out;
}

VelaPerLayer loadVelaPerLayerCsv(const std::string& path) {
  return parseVelaPerLayerCsv(readInputFile(path, kMaxTableFileBytes), path);
}

VelaSummary parseVelaSummaryCsv(const std::string& text, const std::string& source) {
  ErrorList errors;
  const std::vector<Record> records = readRecords(text, source, errors);
  if (records.empty()) {
    if (errors.empty()) errors.add(source, "empty file: expected Vela's summary CSV");
    throw InputError(errors);
  }
  const Record& head = records.front();
  const Columns columns(head.fields);
  if (!requireColumns(columns, kSummaryRequired, source + ":" + std::to_string(head.line),
                      "Vela's summary CSV", errors))
    throw InputError(errors);
  if (records.size() != 2) {
    errors.add(records.size() < 2 ? source : source + ":" + std::to_string(records[2].line),
               records.size() < 2 ? "no data row after the header"
                                  : "a summary has one data row after the header; this is another");
    throw InputError(errors);
  }
  const Record& rec = records[1];
  if (rec.fields.size() != columns.size()) {
    errors.add(source + ":" + std::to_string(rec.line),
               "has " + std::to_string(rec.fields.size()) + " fields, the header has " +
                   std::to_string(columns.size()));
    throw InputError(errors);
  }
  RowReader read(columns, rec, source, errors);
  VelaSummary s;
  s.source = source;
  s.network = read.text("network");
  s.acceleratorConfiguration = read.text("accelerator_configuration");
  s.systemConfig = read.text("system_config");
  s.memoryMode = read.text("memory_mode");
  const std::size_t before = errors.size();
  s.coreClockHz = read.number("core_clock");
  if (errors.size() == before && s.coreClockHz <= 0.0)
    read.problem("core_clock", "must be positive (Hz)", read.text("core_clock"));
  s.inferenceTimeS = read.number("inference_time");
  s.macs = read.count("nn_macs");
  s.sramTotalBytes = read.number("sram_total_bytes");
  s.dramTotalBytes = read.number("dram_total_bytes");
  s.cyclesNpu = read.number("cycles_npu");
  s.cyclesSramAccess = read.number("cycles_sram_access");
  s.cyclesDramAccess = read.number("cycles_dram_access");
  s.cyclesTotal = read.number("cycles_total");
  if (!errors.empty()) throw InputError(errors);
  return s;
}

VelaSummary loadVelaSummaryCsv(const std::string& path) {
  return parseVelaSummaryCsv(readInputFile(path, kMaxTableFileBytes), path);
}

}  // namespace h4h
