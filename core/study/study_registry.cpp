#include <memory>

#include "study/studies.h"
#include "util/errors.h"

namespace h4h {

namespace {

std::vector<std::unique_ptr<Study>> makeAll() {
  std::vector<std::unique_ptr<Study>> all;
  all.push_back(makeSystemStudy());
  all.push_back(makeComputeUnitsStudy());
  all.push_back(makeVitRatioStudy());
  all.push_back(makeTpiStudy());
  return all;
}

}  // namespace

const std::vector<const Study*>& allStudies() {
  static const std::vector<std::unique_ptr<Study>> kOwned = makeAll();
  static const std::vector<const Study*> kAll = [] {
    std::vector<const Study*> out;
    for (const auto& s : kOwned) out.push_back(s.get());
    return out;
  }();
  return kAll;
}

std::vector<std::string> studyNames() {
  std::vector<std::string> out;
  for (const Study* s : allStudies()) out.push_back(s->name());
  return out;
}

const Study* findStudy(const std::string& name) {
  for (const Study* s : allStudies())
    if (s->name() == name) return s;
  return nullptr;
}

const Study& studyOrThrow(const std::string& name, const std::string& argument) {
  if (const Study* s = findStudy(name)) return *s;
  std::string valid;
  for (const std::string& n : studyNames()) valid += (valid.empty() ? "" : ", ") + n;
  throw InputError(argument + ": unknown study \"" + name + "\" (expected " + valid + ")");
}

}  // namespace h4h
