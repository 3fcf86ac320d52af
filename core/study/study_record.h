#pragma once
/// One row of `results.studies`: what a study run found, in short (settings, headline
/// numbers, folder, status), typed. Reading validates each field with its path
/// (`results.studies[0].folder: must be a string`); unknown fields are kept and written
/// back. The full tables live in the study's folder.

#include <string>
#include <vector>

#include "study/study_types.h"
#include "util/json_fields.h"

namespace h4h {

struct Project;

struct StudyRecord {
  std::string study;
  StudySettings settings;
  std::string status;       ///< "finished", "cancelled" or "failed"
  std::string folder;       ///< the study folder; relative to the project's folder when inside it
  std::string date;         ///< UTC ISO 8601, when the study started
  std::string projectHash;
  std::string codeVersion;
  double wallSeconds = 0.0;
  std::vector<StudyHeadline> headlines;
  Json unknown = Json::object();

  Json toJson() const;
  static StudyRecord fromJson(const Json& row, const std::string& path, ErrorList& errors);
  bool operator==(const StudyRecord& o) const { return toJson() == o.toJson(); }
  bool operator!=(const StudyRecord& o) const { return !(*this == o); }
};

/// `results.studies`, oldest first.
using StudyRecords = std::vector<StudyRecord>;

Json studyRecordsToJson(const StudyRecords& records);
StudyRecords studyRecordsFromJson(const Json& rows, const std::string& path, ErrorList& errors);

/// The record of `result` written to `folder` (stored as given; see studyRecordFolder).
StudyRecord studyRecordOf(const StudyResult& result, const std::string& folder, const std::string& status);

/// `dir` as the record stores it: relative to the project's folder when inside it.
std::string studyRecordFolder(const Project& project, const std::string& dir);

/// Appends `record` to results.studies in memory and in the project file, saved
/// atomically without losing what other writers saved meanwhile (updateProjectFile).
void appendStudyRecord(Project& project, const StudyRecord& record);

}  // namespace h4h
