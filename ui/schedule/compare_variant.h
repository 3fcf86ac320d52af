#pragma once
// What the Compare view sets against the Schedule tab's schedule: the same arch under
// another scheduler objective, on other hardware (a shipped preset or a hardware JSON
// file), or another arch of the Pareto front. The variant's schedule goes through the
// same path as the tab's own (computeScheduleView: the one evaluation pipeline), so
// the two differ only in what the user changed. No widgets.

#include <QString>
#include <string>
#include <vector>

#include "hw/hardware_config.h"
#include "project/project.h"
#include "sched/objective.h"
#include "ui/schedule/schedule_page_data.h"

namespace h4h::ui {

struct CompareVariant {
  enum class Kind { Objective, HardwarePreset, HardwareFile, Arch };
  Kind kind = Kind::Objective;
  Objective objective = Objective::Energy;  ///< Kind::Objective
  std::string preset;  ///< Kind::HardwarePreset: "soc:arvr", "npu:ethos_u65_512", ...
  std::string path;    ///< Kind::HardwareFile: a hardware section or a project file
  std::string arch;    ///< Kind::Arch: an arch key
};

/// The shipped presets a variant may use, as "soc:NAME", "npu:NAME", "cim:NAME", "link:NAME".
std::vector<std::string> hardwarePresetChoices();

/// `current` with the variant's hardware: a SoC preset replaces every device, a device
/// preset its device; a file's hardware section (or a project file's) replaces all of it.
/// Throws InputError naming the preset or file and the problem.
HardwareConfig variantHardware(const HardwareConfig& current, const CompareVariant& variant);

/// "energy objective", "preset npu:ethos_u65_512", "hardware of soc.json", "arch KEY".
QString variantLabel(const CompareVariant& variant);

/// The variant's schedule of `arch` (the tab's arch) under `objective` with `frames`
/// frames, one thing changed; errors in the view's `error`, never thrown.
ScheduleView computeVariantView(Project project, const std::string& arch, Objective objective,
                                int frames, const CompareVariant& variant);

}  // namespace h4h::ui
