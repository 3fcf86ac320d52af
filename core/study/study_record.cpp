#include "study/study_record.h"

#include <filesystem>

#include "project/project.h"
#include "project/project_io.h"
#include "util/json_array.h"

namespace h4h {

namespace {

namespace fs = std::filesystem;

const char* const kOwnKeys[] = {"study",        "settings",     "status",       "folder", "date",
                                "project_hash", "code_version", "wall_seconds", "headlines"};

bool isOwnKey(const std::string& key) {
  for (const char* k : kOwnKeys)
    if (key == k) return true;
  return false;
}

}  // namespace

Json StudyRecord::toJson() const {
  Json headlineRows = Json::array();
  for (const auto& h : headlines) headlineRows.push_back(h.toJson());
  Json j{{"study", study},
         {"settings", settings.toJson()},
         {"status", status},
         {"folder", folder},
         {"date", date},
         {"project_hash", projectHash},
         {"code_version", codeVersion},
         {"wall_seconds", wallSeconds},
         {"headlines", headlineRows}};
  addUnknownFields(j, unknown);
  return j;
}

StudyRecord StudyRecord::fromJson(const Json& row, const std::string& path, ErrorList& errors) {
  StudyRecord r;
  JsonFields f(row, path, errors);
  if (!f.isObject()) return r;
  r.study = f.getString("study", "", Need::Required);
  if (const Json* s = f.child("settings", Need::Required))
    r.settings = StudySettings::fromJson(*s, f.pathOf("settings"), errors);
  r.status = f.getEnum("status", "finished", {"finished", "cancelled", "failed"}, Need::Required);
  r.folder = f.getString("folder", "", Need::Required);
  r.date = f.getString("date", "");
  r.projectHash = f.getString("project_hash", "");
  r.codeVersion = f.getString("code_version", "");
  r.wallSeconds = f.getDouble("wall_seconds", 0.0, 0.0, 1e12);
  if (const Json* h = f.child("headlines"))
    r.headlines = readJsonArray(*h, f.pathOf("headlines"), errors, &StudyHeadline::fromJson);
  for (const auto& [k, v] : row.items())
    if (!isOwnKey(k)) r.unknown[k] = v;
  return r;
}

Json studyRecordsToJson(const StudyRecords& records) { return writeJsonArray(records); }

StudyRecords studyRecordsFromJson(const Json& rows, const std::string& path, ErrorList& errors) {
  return readJsonArray(rows, path, errors, &StudyRecord::fromJson);
}

StudyRecord studyRecordOf(const StudyResult& result, const std::string& folder, const std::string& status) {
  StudyRecord r;
  r.study = result.study;
  r.settings = result.settings;
  r.status = status;
  r.folder = folder;
  r.date = result.provenance.date;
  r.projectHash = result.provenance.projectHash;
  r.codeVersion = result.provenance.codeVersion;
  r.wallSeconds = result.provenance.wallSeconds;
  r.headlines = result.headlines;
  return r;
}

std::string studyRecordFolder(const Project& project, const std::string& dir) {
  const std::string base = project.directory();
  if (base.empty()) return dir;
  std::error_code ec;
  const fs::path abs = fs::absolute(dir, ec);
  if (ec) return dir;
  const fs::path rel = abs.lexically_normal().lexically_relative(fs::absolute(base, ec).lexically_normal());
  if (ec || rel.empty() || rel.string().rfind("..", 0) == 0) return abs.lexically_normal().string();
  return rel.string();
}

void appendStudyRecord(Project& project, const StudyRecord& record) {
  updateProjectFile(project, [&record](Project& p) { p.results.studies.push_back(record); });
}

}  // namespace h4h
