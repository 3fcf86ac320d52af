#include "ui/schedule/compare_variant.h"

#include <QFileInfo>
#include <QObject>

#include "hw/presets.h"
#include "util/errors.h"
#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h::ui {

namespace {

struct PresetPrefix {
  const char* prefix;
  PresetKind kind;
};
constexpr PresetPrefix kPrefixes[] = {{"soc", PresetKind::Soc},
                                      {"npu", PresetKind::Npu},
                                      {"cim", PresetKind::Cim},
                                      {"link", PresetKind::Link}};

HardwareConfig presetHardware(HardwareConfig hw, const std::string& choice) {
  const auto colon = choice.find(':');
  const std::string prefix = choice.substr(0, colon),
                    name = colon == std::string::npos ? "" : choice.substr(colon + 1);
  if (name.empty())
    throw InputError("compare: \"" + choice + "\" is not a preset (expected KIND:NAME)");
  if (prefix == "soc") {
    ErrorList errors;
    if (!applySocPreset(name, "preset " + name, errors, hw)) throw InputError(errors.joined());
  } else if (prefix == "npu") {
    hw.npu = loadNpuPreset(name);
    hw.npuPreset = name;
  } else if (prefix == "cim") {
    hw.cim = loadCimPreset(name);
    hw.cimPreset = name;
  } else if (prefix == "link") {
    hw.link = loadLinkPreset(name);
    hw.linkPreset = name;
  } else {
    throw InputError("compare: unknown preset kind \"" + prefix +
                     "\" (expected soc, npu, cim or link)");
  }
  return hw;
}

HardwareConfig fileHardware(const HardwareConfig& current, const std::string& path) {
  if (path.empty()) throw InputError("compare: choose a hardware JSON file");
  const Json json = parseJsonOrThrow(readInputFile(path, kMaxJsonSideFileBytes), path);
  if (!json.is_object())
    throw InputError(path + ": expected a JSON object (a hardware section or a project)");
  // A project file holds its hardware under "hardware"; a hardware file is the section.
  const bool project = json.contains("hardware") && json["hardware"].is_object();
  ErrorList errors;
  HardwareConfig hw = hardwareFromJson(project ? json["hardware"] : json, "hardware", errors);
  if (!errors.empty()) throw InputError(errors.prefixed(path).joined());
  if (hw.measuredTablePath.empty()) hw.measuredTablePath = current.measuredTablePath;
  return hw;
}

}  // namespace

std::vector<std::string> hardwarePresetChoices() {
  std::vector<std::string> out;
  for (const PresetPrefix& p : kPrefixes)
    for (const std::string& name : presetNames(p.kind))
      out.push_back(std::string(p.prefix) + ":" + name);
  return out;
}

HardwareConfig variantHardware(const HardwareConfig& current, const CompareVariant& v) {
  switch (v.kind) {
    case CompareVariant::Kind::HardwarePreset:
      return presetHardware(current, v.preset);
    case CompareVariant::Kind::HardwareFile:
      return fileHardware(current, v.path);
    default:
      return current;
  }
}

QString variantLabel(const CompareVariant& v) {
  switch (v.kind) {
    case CompareVariant::Kind::Objective:
      return QObject::tr("%1 objective").arg(objectiveName(v.objective));
    case CompareVariant::Kind::HardwarePreset:
      return QObject::tr("preset %1").arg(QString::fromStdString(v.preset));
    case CompareVariant::Kind::HardwareFile:
      return QObject::tr("hardware of %1")
          .arg(QFileInfo(QString::fromStdString(v.path)).fileName());
    case CompareVariant::Kind::Arch:
      return QObject::tr("arch %1").arg(QString::fromStdString(v.arch));
  }
  return {};
}

ScheduleView computeVariantView(Project project, const std::string& arch, Objective objective,
                                int frames, const CompareVariant& v) {
  try {
    project.hardware = variantHardware(project.hardware, v);
  } catch (const std::exception& e) {
    ScheduleView view;
    view.arch = arch;
    view.error = QString::fromUtf8(e.what());
    return view;
  }
  if (v.kind == CompareVariant::Kind::Objective) objective = v.objective;
  return computeScheduleView(project, v.kind == CompareVariant::Kind::Arch ? v.arch : arch,
                             objective, frames);
}

}  // namespace h4h::ui
