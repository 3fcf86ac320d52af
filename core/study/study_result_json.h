#pragma once
/// A study's result as data in its folder (`study.json`): the Studies tab reads a stored
/// study back from it and shows exactly the tables and plots the study produced (the
/// CSVs, PNGs and study.md beside it are for people and other tools). Numbers keep full
/// precision (JSON has no NaN: a NaN is written as null and read back as NaN); keys are
/// sorted, so the file is deterministic for a deterministic study.

#include <string>

#include "study/study_types.h"
#include "util/json_fields.h"

namespace h4h {

/// The file name of the result in a study folder.
inline constexpr const char* kStudyResultFile = "study.json";
/// The `format` tag and the version written; newer versions are refused when read.
inline constexpr const char* kStudyResultFormat = "h4h-study";
constexpr int kStudyResultVersion = 1;

Json studyResultToJson(const StudyResult& result);
/// Problems go to `errors` under `path` (`tables[0].rows[2][1]: must be a number, a
/// string or null`).
StudyResult studyResultFromJson(const Json& value, const std::string& path, ErrorList& errors);

/// The result stored in folder `dir`. Throws InputError naming the folder when it is
/// missing, or the file and the field when study.json is missing, unreadable or wrong.
StudyResult readStudyFolder(const std::string& dir);

}  // namespace h4h
