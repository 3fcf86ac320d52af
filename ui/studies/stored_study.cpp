#include "ui/studies/stored_study.h"

#include <QDir>

#include "study/study_result_json.h"
#include "ui/common/units.h"

namespace h4h::ui {

StoredStudy readStoredStudy(const Project& project, const StudyRecord& record) {
  StoredStudy out;
  const std::string dir = project.resolvePath(record.folder);
  out.folder = QDir::cleanPath(QDir(QString::fromStdString(dir)).absolutePath());
  const QString study = QString::fromStdString(record.study);
  if (!QDir(out.folder).exists()) {
    out.error = QObject::tr("The %1 study of %2 cannot be shown: its folder %3 is missing (moved or deleted). "
                            "Its headline numbers are still in the project; run it again to get its tables.")
                    .arg(study, formatUtcTime(record.date), out.folder);
    return out;
  }
  try {
    out.result = readStudyFolder(out.folder.toStdString());
  } catch (const std::exception& e) {
    out.error = QObject::tr("The %1 study of %2 cannot be shown: %3")
                    .arg(study, formatUtcTime(record.date), QString::fromUtf8(e.what()));
  }
  return out;
}

}  // namespace h4h::ui
