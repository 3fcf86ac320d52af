// The Studies tab's stored studies: showing one of results.studies read back from its
// folder (a clear message when the folder is gone or unreadable, never a crash), and
// Export folder… for the study shown. studies_page.cpp runs and stores studies.

#include <QDir>
#include <QFileInfo>

#include "ui/common/status_line.h"
#include "ui/common/units.h"
#include "ui/project/project_document.h"
#include "ui/studies/stored_study.h"
#include "ui/studies/studies_page.h"
#include "ui/studies/study_folder_export.h"
#include "ui/studies/study_history.h"
#include "ui/studies/study_result_view.h"

namespace h4h::ui {

bool StudiesPage::openStored(int index) {
  const StudyRecords& records = m_document->project().results.studies;
  if (index < 0 || index >= int(records.size())) return false;
  if (m_job) {
    setStatus(tr("A study is running; its table is shown until it ends."), true);
    return false;
  }
  m_history->choose(index);
  const StoredStudy stored = readStoredStudy(m_document->project(), records[std::size_t(index)]);
  m_shownFolder = stored.error.isEmpty() ? stored.folder : QString();
  updateButtons();
  if (!stored.error.isEmpty()) {
    m_view->showMessage(stored.error);
    setStatus(stored.error, true);
    return false;
  }
  m_view->setResult(stored.result);
  setStatus(tr("Showing the %1 study of %2 from %3.")
                .arg(QString::fromStdString(records[std::size_t(index)].study),
                     formatUtcTime(records[std::size_t(index)].date), stored.folder));
  return true;
}

bool StudiesPage::exportShown(const QString& dir) {
  if (m_shownFolder.isEmpty()) {
    setStatus(tr("No study folder is shown: pick a stored study first."), true);
    return false;
  }
  QString why;
  if (!m_exporter->start(m_shownFolder, dir, &why)) {
    setStatus(why, true);
    return false;
  }
  setStatus(tr("Copying %1 to %2…").arg(m_shownFolder, QDir(dir).absolutePath()));
  updateButtons();
  return true;
}

}  // namespace h4h::ui
