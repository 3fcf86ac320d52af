#pragma once
// The logic behind the Hardware editor, free of widgets: the editable parameters
// of the NPU, CIM and link (label, unit, range, how they are shown), setting one on
// a candidate config validated by core's readers, the per-layer profile summary of
// an arch, and the measured-vs-model comparison of an imported measured table.

#include <QString>
#include <QStringList>
#include <QVariant>
#include <vector>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"
#include "hw/measured_table.h"
#include "space/search_space.h"

namespace h4h::ui {

enum class HwDevice { Npu, Cim, Link };
QString hwDeviceTitle(HwDevice device);
/// "hardware.npu", "hardware.cim", "hardware.link".
QString hwDevicePath(HwDevice device);

/// One editable parameter. Numbers are shown as stored / scale with `unit`
/// (e.g. sram_bytes in KiB); the range is the one core validates, in shown units.
struct HwParam {
  enum class Type { Int, Real, Bool, Choice };
  HwDevice device = HwDevice::Npu;
  const char* key = "";      ///< JSON key in the device section
  QString label;
  QString unit;              ///< shown as the spin box suffix
  Type type = Type::Real;
  double min = 0.0, max = 0.0;
  int decimals = 0;
  double scale = 1.0;        ///< stored value = shown value × scale
  QStringList choices;       ///< Type::Choice
  QString toolTip;

  QString path() const { return hwDevicePath(device) + "." + key; }
};

/// Every editable parameter, grouped by device in display order.
const std::vector<HwParam>& hardwareParams();
/// The parameter with this JSON path ("hardware.npu.rows"), or nullptr.
const HwParam* findHardwareParam(const QString& path);

/// The parameter's current value in shown units (double, bool or choice string).
QVariant hardwareParamValue(const HardwareConfig& hw, const HwParam& param);
/// Sets a parameter (shown units) on `hw`, validated by core's reader; on failure
/// returns false with the problems (`path: problem (value)`), `hw` unchanged.
bool setHardwareParam(HardwareConfig& hw, const HwParam& param, const QVariant& value,
                      QStringList* errors);

/// Loads a preset into one device of `hw` (and records its name); false with errors.
bool applyHardwarePreset(HardwareConfig& hw, HwDevice device, const std::string& name,
                         QStringList* errors);
/// True when the device's values equal the preset it names.
bool deviceMatchesPreset(const HardwareConfig& hw, HwDevice device);
/// The preset file's description ("" when unreadable).
QString presetDescription(HwDevice device, const std::string& name);

/// Loads a combined SoC preset (resources/presets/soc_<name>.json) into every device as
/// the project loader reads `hardware.preset` (measured table kept); "" detaches the
/// devices from their SoC preset, values unchanged. False with errors, `hw` unchanged.
bool applySocHardwarePreset(HardwareConfig& hw, const std::string& name, QStringList* errors);
/// True when every device still holds what its SoC preset gives it (false without one).
bool matchesSocPreset(const HardwareConfig& hw);
QString socPresetDescription(const std::string& name);

/// Which arch the editor profiles.
enum class ProfileTarget { Selected, Max, Min };
/// The arch to profile. Selected falls back to the max arch (with `note` saying why)
/// when nothing is selected or the selected key is not an arch of the space.
Arch resolveProfileArch(const SearchSpace& space, const std::string& selectedKey,
                        ProfileTarget target, QString* label, QString* note);

/// Totals of one arch's profile.
struct ProfileSummary {
  int layers = 0;
  double npuLatencyNs = 0.0;   ///< NPU-only: every layer on the NPU
  double npuEnergyNj = 0.0;
  int cimSupported = 0;        ///< layers the CIM can run
  double cimLatencyNs = 0.0;   ///< Σ over CIM-supported layers
  double cimEnergyNj = 0.0;
  std::int64_t weightBytes = 0;
  std::int64_t cimCapacityBytes = 0;
  std::int64_t macs = 0;
  int measuredCosts = 0;       ///< device costs taken from the measured table
};
ProfileSummary summarizeProfile(const std::vector<Layer>& layers, const NetworkProfile& profile,
                                const HardwareConfig& hw);

/// One row of an imported table compared with the model.
struct MeasuredComparison {
  int line = 0;                ///< line in the CSV
  QString signature;           ///< "pwconv 32×56×56 → 64×56×56 k1 s1 g1"
  LayerKind kind = LayerKind::Conv;
  MeasuredDevice device = MeasuredDevice::Npu;
  double measuredNs = 0.0;
  bool matched = false;        ///< a layer of the space has this signature
  QString block;               ///< where such a layer was found (e.g. "s2.mb0")
  bool modelSupported = false; ///< the model can run it on that device
  double modelNs = 0.0;
  double errorPercent = 0.0;   ///< (model − measured) / measured × 100
};

/// Finds, for each row, a layer of the space with the same signature (searching
/// `archs` first, then the max and min archs and seeded random samples at the
/// deploy resolution) and costs it with the analytical model only.
std::vector<MeasuredComparison> compareMeasured(const MeasuredTable& table,
                                                const SearchSpace& space,
                                                const HardwareConfig& hw,
                                                const std::vector<Arch>& archs,
                                                int randomSamples = 256);


}  // namespace h4h::ui
