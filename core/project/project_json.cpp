#include "project/project_json.h"

#include <filesystem>

#include "space/space_json.h"
#include "space/space_validate.h"

namespace h4h {

namespace {

namespace fs = std::filesystem;

ProjectResults resultsFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  ProjectResults r;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return r;
  if (const Json* v = f.child("runs")) r.runs = runRecordsFromJson(*v, f.pathOf("runs"), errors);
  if (const Json* v = f.child("pareto")) r.pareto = paretoFrontFromJson(*v, f.pathOf("pareto"), errors);
  if (const Json* v = f.child("schedules"))
    r.schedules = scheduleRecordsFromJson(*v, f.pathOf("schedules"), errors);
  if (const Json* v = f.child("studies")) r.studies = studyRecordsFromJson(*v, f.pathOf("studies"), errors);
  r.selected = f.getString("selected", "");
  if (const Json* s = f.child("search")) {
    JsonFields sf(*s, f.pathOf("search"), errors);
    if (sf.isObject()) {
      r.search.stateFile = sf.getString("state", "");
      r.search.generations = static_cast<int>(sf.getInt("generations", -1, -1, 1 << 30));
      r.search.evaluations = sf.getInt("evaluations", 0, 0, 1LL << 53);
      if (fs::path(r.search.stateFile).is_absolute() ||
          fs::path(r.search.stateFile).lexically_normal().string().rfind("..", 0) == 0)
        errors.add(sf.pathOf("state"), "must be a path inside the side folder", describeJson(r.search.stateFile));
    }
  }
  // Version-1 files carried the whole state here; the next save moves it to the side folder.
  if (const Json* s = f.child("search_state"); s && !s->is_null()) {
    SearchState state = searchStateFromJson(*s, f.pathOf("search_state"), errors);
    r.searchState = std::make_shared<const SearchState>(std::move(state));
  }
  return r;
}

Json resultsToJson(const ProjectResults& r) {
  Json j{{"runs", runRecordsToJson(r.runs)},
         {"pareto", paretoFrontToJson(r.pareto)},
         {"selected", r.selected},
         {"schedules", scheduleRecordsToJson(r.schedules)}};
  if (!r.studies.empty()) j["studies"] = studyRecordsToJson(r.studies);
  if (r.search.stateFile.empty() && !r.searchState) return j;
  j["search"] = Json{{"state", r.search.stateFile},
                     {"generations", r.search.generations},
                     {"evaluations", r.search.evaluations}};
  return j;
}

const Json& sectionOrEmpty(const Json& doc, const char* key) {
  static const Json kEmpty = Json::object();
  auto it = doc.find(key);
  return it == doc.end() ? kEmpty : *it;
}

}  // namespace

Json migrateProjectJson(const Json& document, ErrorList& errors) {
  JsonFields f(document, "", errors);
  if (!f.isObject()) return document;
  const std::string format = f.getString("format", "", Need::Required);
  if (f.has("format") && format != kProjectFormatName) {
    errors.add("format", std::string("must be \"") + kProjectFormatName + "\"", describeJson(format));
    return document;
  }
  const long long version = f.getInt("version", 0, 1, 1000000, Need::Required);
  if (version > kProjectFormatVersion) {
    errors.add("version",
               "the file needs H4H Studio project format version " + std::to_string(version) +
                   ", this build reads up to version " + std::to_string(kProjectFormatVersion) +
                   "; open it with a newer H4H Studio",
               std::to_string(version));
  }
  // Migration steps go here, one function per version step (v1 is the first format).
  return document;
}

Project projectFromJson(const Json& document, ErrorList& errors) {
  Project p;
  const std::size_t before = errors.size();
  Json doc = migrateProjectJson(document, errors);
  if (errors.size() != before) return p;

  JsonFields f(doc, "", errors);
  p.name = f.getString("name", p.name, Need::Required);
  p.description = f.getString("description", "");
  p.space = spaceFromJson(sectionOrEmpty(doc, "space"), "space", errors);
  if (!f.has("space")) errors.add("space", "is required but missing");
  p.hardware = hardwareFromJson(sectionOrEmpty(doc, "hardware"), "hardware", errors);
  p.data = dataConfigFromJson(sectionOrEmpty(doc, "data"), "data", errors);
  p.training = trainingConfigFromJson(sectionOrEmpty(doc, "training"), "training", errors);
  p.search = searchConfigFromJson(sectionOrEmpty(doc, "search"), "search", errors);
  p.results = resultsFromJson(sectionOrEmpty(doc, "results"), "results", errors);
  p.original = doc;
  if (const auto hw = p.original.find("hardware"); hw != p.original.end())
    dropSupersededHardwareFields(*hw);
  return p;
}

Json projectToJson(const Project& p) {
  Json typed{{"format", kProjectFormatName},
             {"version", kProjectFormatVersion},
             {"generator", std::string("H4H Studio ") + H4H_VERSION},
             {"name", p.name},
             {"description", p.description},
             {"space", spaceToJson(p.space)},
             {"hardware", hardwareToJson(p.hardware)},
             {"data", dataConfigToJson(p.data)},
             {"training", trainingConfigToJson(p.training)},
             {"search", searchConfigToJson(p.search)},
             {"results", resultsToJson(p.results)}};
  // Results are owned by the typed data: a cleared list must stay cleared.
  Json original = p.original.is_object() ? p.original : Json::object();
  original.erase("results");
  return mergeKeepingUnknown(original, typed);
}

}  // namespace h4h
