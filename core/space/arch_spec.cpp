#include "space/arch_spec.h"

#include "space/arch_key.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "space/space_validate.h"
#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h {

namespace {

bool looksLikeKey(const std::string& spec) {
  return spec.size() >= 2 && spec[0] == 'r' && spec[1] >= '0' && spec[1] <= '9' &&
         spec.find('_') != std::string::npos;
}

Arch archFromFile(const std::string& path) {
  std::string text, problem;
  if (!tryReadInputFile(path, kMaxJsonSideFileBytes, text, problem)) {
    if (problem == "no such file")
      throw InputError("--arch: \"" + path +
                       "\" is not max, min, an arch key or a readable file");
    throw InputError("--arch: " + path + ": " + problem);
  }
  return archFromText(text, path);
}

}  // namespace

Arch archFromText(const std::string& text, const std::string& source) {
  ErrorList errors;
  Json j;
  if (!parseJson(text, j, errors)) throw InputError("--arch " + source + ":\n" + errors.joined());
  if (j.is_string()) return parseArchKey(j.get<std::string>());
  Arch a;
  if (j.is_object() && j.contains("arch")) a = archFromJson(j["arch"], "arch", errors);
  else a = archFromJson(j, "arch", errors);
  if (!errors.empty()) throw InputError("--arch " + source + ":\n" + errors.joined());
  return a;
}

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
