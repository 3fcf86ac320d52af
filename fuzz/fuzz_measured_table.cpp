// Fuzzes the measured-table CSV reader.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hw/measured_table.h"
#include "util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const h4h::MeasuredTable table = h4h::parseMeasuredTable(text, "m.csv");
    if (table.unmatchedRows({}).size() != table.rows().size()) __builtin_trap();
  } catch (const h4h::InputError&) {
  }
  return 0;
}
