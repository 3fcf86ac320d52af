// Fuzzes the readers of Arm Vela's per-layer and summary CSVs (hw/vela_csv.h) and what
// `h4h calibrate` does with what they accept: the alignment of the rows with a small
// network and the comparison of the summary's totals.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hw/calibration.h"
#include "hw/presets.h"
#include "hw/scalesim_topology.h"
#include "hw/vela_csv.h"
#include "util/errors.h"

namespace {

// tests/data/vela/small_topology.csv: a conv, a depthwise conv and a grouped conv.
const std::vector<h4h::Layer>& layers() {
  static const std::vector<h4h::Layer> kLayers = h4h::parseScaleSimTopology(
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides, Groups,\n"
      "conv1, 18, 18, 3, 3, 8, 16, 1, 1,\n"
      "dw1, 18, 18, 3, 3, 16, 16, 1, 16,\n"
      "gconv, 16, 16, 1, 1, 16, 32, 1, 4,\n",
      "small_topology.csv");
  return kLayers;
}

const h4h::NpuConfig& npu() {
  static const h4h::NpuConfig kNpu = h4h::loadNpuPreset("ethos_u65_256");
  return kNpu;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const h4h::VelaPerLayer vela = h4h::parseVelaPerLayerCsv(text, "p.csv");
    const h4h::CalibrationReport report = h4h::calibrateAgainstVela(layers(), npu(), vela);
    std::size_t rowsSeen = 0;
    for (const h4h::CalibrationRow& row : report.rows) {
      if (row.layer >= static_cast<int>(layers().size())) __builtin_trap();
      for (int r : row.velaRows)
        if (r < 0 || static_cast<std::size_t>(r) >= vela.rows.size()) __builtin_trap();
      rowsSeen += row.velaRows.size();
    }
    if (rowsSeen != vela.rows.size()) __builtin_trap();  // every row is placed once
  } catch (const h4h::InputError&) {
  }
  try {
    const h4h::VelaSummary summary = h4h::parseVelaSummaryCsv(text, "s.csv");
    h4h::compareVelaSummary(h4h::CalibrationReport(), summary, npu());
    summary.acceleratorMacsPerCycle();
  } catch (const h4h::InputError&) {
  }
  return 0;
}
