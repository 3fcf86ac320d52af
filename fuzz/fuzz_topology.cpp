// Fuzzes the SCALE-Sim topology CSV reader.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hw/scalesim_topology.h"
#include "util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto layers = h4h::parseScaleSimTopology(text, "t.csv");
    if (layers.empty()) __builtin_trap();
  } catch (const h4h::InputError&) {
  }
  return 0;
}
