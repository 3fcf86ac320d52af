#pragma once
// File ▸ Export report: the report folder of `h4h run` (summary.md, CSVs, schedule
// exports, PNGs) for the open project's saved results. The chosen arch is scheduled
// and the texts are written on a worker thread (a JobRunner of its own, so a running
// search or training is not disturbed); the PNGs are drawn afterwards on the GUI thread
// (the plots are widgets). Works on a copy: the open project is never edited or saved.

#include <QObject>
#include <QString>
#include <memory>

#include "jobs/job.h"
#include "project/project.h"

namespace h4h::ui {

class JobRunner;

class ReportExporter : public QObject {
  Q_OBJECT
public:
  explicit ReportExporter(QObject* parent = nullptr);
  ~ReportExporter() override;

  /// Starts exporting `project` (copied) into `dir`; false when an export is running.
  bool start(const Project& project, const QString& dir);
  bool isRunning() const;
  JobRunner* runner() const { return m_runner; }

signals:
  void progress(const QString& message);
  /// ok: every file written; message says where, or what failed.
  void finished(bool ok, const QString& message);

private:
  struct Export;
  void onJobFinished(int status, const QString& message);

  JobRunner* m_runner;
  std::shared_ptr<Export> m_export;
};

}  // namespace h4h::ui
