#include "hw/presets.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

const char* prefixOf(PresetKind kind) {
  switch (kind) {
    case PresetKind::Npu: return "npu_";
    case PresetKind::Cim: return "cim_";
    case PresetKind::Link: return "link_";
    case PresetKind::Soc: return "soc_";
  }
  return "";
}

bool validName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

std::string joinedNames(PresetKind kind) {
  std::string s;
  for (const auto& n : presetNames(kind)) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? std::string("none found in ") + resourcesDir() + "/presets" : s;
}

/// One preset read from disk: either a config or the problem that stopped it.
template <typename Config>
struct Loaded {
  bool ok = false;
  Config config;
  std::string problem;
};

template <typename Config, typename Parse>
Loaded<Config> readPreset(PresetKind kind, const std::string& name, Parse parse) {
  Loaded<Config> out;
  if (!validName(name)) {
    out.problem = "unknown preset (names are lower-case letters, digits and _); available: " +
                  joinedNames(kind);
    return out;
  }
  const std::string file = presetPath(kind, name);
  std::string text, problem;
  if (!tryReadInputFile(file, kMaxJsonSideFileBytes, text, problem)) {
    out.problem = problem == "no such file"
                      ? "unknown preset; available: " + joinedNames(kind)
                      : "preset file " + file + " " + problem;
    return out;
  }
  ErrorList errors;
  Json doc;
  if (!parseJson(text, doc, errors)) {
    out.problem = "preset file " + file + " is invalid: " + errors.items().front().str();
    return out;
  }
  out.config = parse(doc, errors);
  if (!errors.empty()) {
    out.problem = "preset file " + file + " is invalid: " + errors.items().front().str();
    return out;
  }
  out.ok = true;
  return out;
}

template <typename Config, typename Parse>
bool cachedPreset(PresetKind kind, const std::string& name, const std::string& path,
                  ErrorList& errors, Config& out, Parse parse) {
  static std::mutex mutex;
  static std::map<std::string, Loaded<Config>> cache;
  Loaded<Config> entry;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, readPreset<Config>(kind, name, parse)).first;
    entry = it->second;
  }
  if (!entry.ok) {
    errors.add(path, entry.problem, describeJson(name));
    return false;
  }
  out = entry.config;
  return true;
}

template <typename Config, typename Loader>
Config loadOrThrow(const std::string& name, const char* what, Loader loader) {
  ErrorList errors;
  Config c;
  if (!loader(name, std::string(what) + " preset", errors, c)) throw InputError(errors);
  return c;
}

}  // namespace

std::string resourcesDir() {
  if (const char* env = std::getenv("H4H_RESOURCES_DIR"); env && *env) return env;
  return H4H_RESOURCES_DIR;
}

std::string presetPath(PresetKind kind, const std::string& name) {
  return resourcesDir() + "/presets/" + prefixOf(kind) + name + ".json";
}

std::vector<std::string> presetNames(PresetKind kind) {
  std::vector<std::string> names;
  const std::string prefix = prefixOf(kind);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(resourcesDir() + "/presets", ec)) {
    const std::string file = entry.path().filename().string();
    if (file.size() > prefix.size() + 5 && file.compare(0, prefix.size(), prefix) == 0 &&
        entry.path().extension() == ".json")
      names.push_back(file.substr(prefix.size(), file.size() - prefix.size() - 5));
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool loadNpuPreset(const std::string& name, const std::string& path, ErrorList& errors,
                   NpuConfig& out) {
  return cachedPreset(PresetKind::Npu, name, path, errors, out,
                      [](const Json& doc, ErrorList& e) {
                        return npuConfigFromJson(doc, "", NpuConfig{}, e, true);
                      });
}

bool loadCimPreset(const std::string& name, const std::string& path, ErrorList& errors,
                   CimConfig& out) {
  return cachedPreset(PresetKind::Cim, name, path, errors, out,
                      [](const Json& doc, ErrorList& e) {
                        return cimConfigFromJson(doc, "", CimConfig{}, e, true);
                      });
}

bool loadLinkPreset(const std::string& name, const std::string& path, ErrorList& errors,
                    LinkConfig& out) {
  return cachedPreset(PresetKind::Link, name, path, errors, out,
                      [](const Json& doc, ErrorList& e) {
                        return linkConfigFromJson(doc, "", LinkConfig{}, e, true);
                      });
}

bool loadSocPreset(const std::string& name, const std::string& path, ErrorList& errors,
                   Json& sections) {
  return cachedPreset(PresetKind::Soc, name, path, errors, sections,
                      [](const Json& doc, ErrorList& e) {
                        Json out = Json::object();
                        for (const char* key : {"npu", "cim", "link"}) {
                          if (doc.is_object() && doc.contains(key)) out[key] = doc[key];
                          else e.add(key, "missing (a SoC preset names all three devices)", "");
                        }
                        // Validated as the hardware section it stands for (without a
                        // "preset" of its own, so it cannot name another SoC preset).
                        if (e.empty()) hardwareFromJson(out, "", e);
                        return out;
                      });
}

bool applySocPreset(const std::string& name, const std::string& path, ErrorList& errors,
                    HardwareConfig& hw) {
  Json sections;
  if (!loadSocPreset(name, path, errors, sections)) return false;
  ErrorList problems;
  HardwareConfig fromSoc = hardwareFromJson(Json{{"preset", name}}, "hardware", problems);
  if (!problems.empty()) {
    errors.append(problems);
    return false;
  }
  fromSoc.measuredTablePath = hw.measuredTablePath;
  hw = std::move(fromSoc);
  return true;
}

NpuConfig loadNpuPreset(const std::string& name) {
  return loadOrThrow<NpuConfig>(name, "npu", [](const std::string& n, const std::string& p,
                                                ErrorList& e, NpuConfig& c) {
    return loadNpuPreset(n, p, e, c);
  });
}

CimConfig loadCimPreset(const std::string& name) {
  return loadOrThrow<CimConfig>(name, "cim", [](const std::string& n, const std::string& p,
                                                ErrorList& e, CimConfig& c) {
    return loadCimPreset(n, p, e, c);
  });
}

LinkConfig loadLinkPreset(const std::string& name) {
  return loadOrThrow<LinkConfig>(name, "link", [](const std::string& n, const std::string& p,
                                                  ErrorList& e, LinkConfig& c) {
    return loadLinkPreset(n, p, e, c);
  });
}

HardwareConfig defaultHardware() {
  HardwareConfig hw;
  hw.npu = loadNpuPreset(hw.npuPreset);
  hw.cim = loadCimPreset(hw.cimPreset);
  hw.link = loadLinkPreset(hw.linkPreset);
  return hw;
}

}  // namespace h4h
