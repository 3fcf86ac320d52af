#include "space/arch_spec.h"

#include <fstream>
#include <sstream>

#include "space/arch_key.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "space/space_validate.h"

namespace h4h {

namespace {

bool looksLikeKey(const std::string& spec) {
  return spec.size() >= 2 && spec[0] == 'r' && spec[1] >= '0' && spec[1] <= '9' &&
         spec.find('_') != std::string::npos;
}

Arch archFromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError("--arch: \"" + path +
                     "\" is not max, min, an arch key or a readable file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  Json j = Json::parse(buffer.str(), nullptr, false);
  if (j.is_discarded()) throw InputError("--arch: " + path + ": not valid JSON");
  if (j.is_string()) return parseArchKey(j.get<std::string>());
  ErrorList errors;
  Arch a;
  if (j.is_object() && j.contains("arch")) a = archFromJson(j["arch"], "arch", errors);
  else a = archFromJson(j, "arch", errors);
  if (!errors.empty()) throw InputError("--arch " + path + ":\n" + errors.joined());
  return a;
}

}  // namespace

Arch resolveArchSpec(const SearchSpace& space, const std::string& spec) {
  Arch a;
  if (spec == "max") a = maxArch(space);
  else if (spec == "min") a = minArch(space);
  else if (looksLikeKey(spec)) a = parseArchKey(spec);
  else a = archFromFile(spec);
  ErrorList errors;
  validateArch(space, a, errors, "arch");
  if (!errors.empty())
    throw InputError("--arch " + spec + ": not an arch of this project's space:\n" +
                     errors.joined());
  return a;
}

}  // namespace h4h
