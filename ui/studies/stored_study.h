#pragma once
// A study stored in the project (one row of results.studies) read back from its folder:
// the folder made absolute against the project's, and the result from its study.json, or
// a sentence saying why it cannot be shown (the folder was moved or deleted, the file is
// damaged) — never an exception.

#include <QString>

#include "project/project.h"

namespace h4h::ui {

struct StoredStudy {
  QString folder;       ///< absolute
  StudyResult result;   ///< valid when error is empty
  QString error;        ///< why it cannot be shown ("" = shown)
};

StoredStudy readStoredStudy(const Project& project, const StudyRecord& record);

}  // namespace h4h::ui
