// The Studies tab's widgets: the left column (Run / Cancel, live line, status, the
// study's settings, the stored studies with Export folder…). studies_page.cpp runs and
// stores studies; studies_page_stored.cpp shows and exports stored ones.

#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "ui/common/page_layout.h"
#include "ui/common/status_line.h"
#include "ui/project/project_document.h"
#include "ui/studies/studies_page.h"
#include "ui/studies/study_history.h"
#include "ui/studies/study_settings_form.h"

namespace h4h::ui {

QWidget* StudiesPage::buildLeftColumn() {
  m_start = new QPushButton(tr("Run study"));
  m_cancel = new QPushButton(tr("Cancel"));
  m_start->setObjectName("studyStart");
  m_cancel->setObjectName("studyCancel");
  m_start->setToolTip(tr("Run the chosen study on the open project (on a worker thread; the table and "
                         "plots fill in as rows complete)"));
  m_cancel->setToolTip(tr("Stop the study: nothing is written and the project's results stay as they are"));
  m_status = new StatusLine;
  m_status->setObjectName("studyStatus");
  m_live = new QLabel;
  m_live->setObjectName("studyLive");
  m_live->setWordWrap(true);

  auto* settingsBox = new QGroupBox(tr("Study"));
  auto* sl = new QVBoxLayout(settingsBox);
  sl->addWidget(m_settings);

  auto* storedBox = new QGroupBox(tr("Studies in this project"));
  auto* st = new QVBoxLayout(storedBox);
  m_history->setMinimumHeight(160);
  m_export = new QPushButton(tr("Export folder…"));
  m_export->setObjectName("studyExport");
  m_export->setToolTip(tr("Copy the folder of the study shown (study.md, CSV tables, PNG plots) to a new place"));
  st->addWidget(m_history, 1);
  st->addWidget(m_export, 0, Qt::AlignLeft);

  auto* left = new QWidget;
  QVBoxLayout* l = jobColumnLayout(left, m_start, nullptr, m_cancel);
  l->addWidget(m_live);
  l->addWidget(m_status);
  l->addWidget(settingsBox);
  l->addWidget(storedBox, 1);

  connect(m_start, &QPushButton::clicked, this, [this] { start(); });
  connect(m_cancel, &QPushButton::clicked, this, [this] { cancel(); });
  connect(m_export, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getSaveFileName(this, tr("Copy the study folder to"),
                                                     m_document->dialogPath(QFileInfo(m_shownFolder).fileName()),
                                                     QString(), nullptr,
                                                     QFileDialog::ShowDirsOnly);
    if (!dir.isEmpty()) exportShown(dir);
  });
  return scrollableColumn(left, 400);
}

}  // namespace h4h::ui
