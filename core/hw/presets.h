#pragma once
/// Hardware presets: JSON files in resources/presets/ named `npu_<name>.json`,
/// `cim_<name>.json`, `link_<name>.json`. Each holds every parameter of its device
/// plus a description and its sources. A combined SoC preset, `soc_<name>.json`, is a
/// `hardware` section: device sections naming presets and overriding some of their
/// fields. Files are read once per process.

#include <string>
#include <vector>

#include "hw/hardware_config.h"

namespace h4h {

enum class PresetKind { Npu, Cim, Link, Soc };

/// The resources folder: $H4H_RESOURCES_DIR when set, else the source tree's
/// resources/ (an absolute path fixed at build time, so a build dir works as is).
std::string resourcesDir();
/// Full path of a preset file (whether or not it exists).
std::string presetPath(PresetKind kind, const std::string& name);
/// Names of the presets of one kind found in the resources folder, sorted.
std::vector<std::string> presetNames(PresetKind kind);

/// Load a preset; problems are recorded at `path` and false is returned.
bool loadNpuPreset(const std::string& name, const std::string& path, ErrorList& errors,
                   NpuConfig& out);
bool loadCimPreset(const std::string& name, const std::string& path, ErrorList& errors,
                   CimConfig& out);
bool loadLinkPreset(const std::string& name, const std::string& path, ErrorList& errors,
                    LinkConfig& out);

/// The device sections ("npu", "cim", "link") of a combined SoC preset, validated.
bool loadSocPreset(const std::string& name, const std::string& path, ErrorList& errors,
                   Json& sections);

/// Replaces every device of `hw` with what the project loader reads from a hardware
/// section `{"preset": name}` (the SoC's device sections over their presets), keeping
/// the measured table; false with the problems at `path`, `hw` unchanged.
bool applySocPreset(const std::string& name, const std::string& path, ErrorList& errors,
                    HardwareConfig& hw);

/// Throwing forms (InputError naming the preset and the problem).
NpuConfig loadNpuPreset(const std::string& name);
CimConfig loadCimPreset(const std::string& name);
LinkConfig loadLinkPreset(const std::string& name);

/// The default presets (Ethos-U65-256 NPU, MRAM near-memory CIM, default link),
/// read from the preset files.
HardwareConfig defaultHardware();

}  // namespace h4h
