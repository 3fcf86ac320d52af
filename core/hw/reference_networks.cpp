#include "hw/reference_networks.h"

#include <algorithm>
#include <filesystem>

#include "graph/layer_graph.h"
#include "hw/presets.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "h4h-network";
constexpr int kVersion = 1;

bool validName(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char ch) {
           return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
         });
}

std::string availableText() {
  std::string s;
  for (const std::string& n : referenceNetworkNames()) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "none found in " + referenceNetworksDir() : s;
}

}  // namespace

std::string referenceNetworksDir() { return resourcesDir() + "/networks"; }

std::vector<std::string> referenceNetworkNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(referenceNetworksDir(), ec)) {
    const fs::path& p = entry.path();
    if (p.extension() == ".json" && validName(p.stem().string())) names.push_back(p.stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ReferenceNetwork parseReferenceNetwork(const std::string& text, const std::string& source) {
  const Json doc = parseJsonOrThrow(text, source);
  ErrorList errors;
  JsonFields f(doc, "", errors);
  ReferenceNetwork net;
  if (f.isObject()) {
    f.getEnum("format", kFormat, {kFormat}, Need::Required);
    f.getInt("version", kVersion, kVersion, kVersion, Need::Required,
             "must be " + std::to_string(kVersion) + " (the only network file version)");
    net.name = f.getString("name", "", Need::Required);
    net.title = f.getString("title", net.name);
    net.description = f.getString("description", "");
    net.source = f.getString("source", "", Need::Required);
    if (const Json* space = f.child("space", Need::Required)) {
      net.space = spaceFromJson(*space, "space", errors);
      if (errors.empty() && spaceSizeExact(net.space) != "1")
        errors.add("space", "a reference network's space must have one choice per field",
                   spaceSizeExact(net.space) + " archs");
    }
  }
  if (!errors.empty()) throw InputError(errors.prefixed(source));
  net.arch = maxArch(net.space);
  return net;
}

ReferenceNetwork loadReferenceNetwork(const std::string& name) {
  if (!validName(name))
    throw InputError("unknown network '" + clipText(name, 64) + "'; available: " + availableText());
  const std::string path = referenceNetworksDir() + "/" + name + ".json";
  std::string text, problem;
  if (!tryReadInputFile(path, kMaxJsonSideFileBytes, text, problem)) {
    if (problem == "no such file")
      throw InputError("unknown network '" + name + "'; available: " + availableText());
    throw InputError(path + ": " + problem);
  }
  ReferenceNetwork net = parseReferenceNetwork(text, path);
  if (net.name != name)
    throw InputError(path + ": name: must be the file's name, " + name + " (" + clipText(net.name, 64) + ")");
  return net;
}

std::vector<Layer> lowerReferenceNetwork(const ReferenceNetwork& network) {
  LowerOptions options;
  options.resolution = network.space.deployResolution;
  return lowerArch(network.space, network.arch, options);
}

std::vector<Layer> referenceNetworkLayers(const std::string& name) {
  return lowerReferenceNetwork(loadReferenceNetwork(name));
}

}  // namespace h4h
