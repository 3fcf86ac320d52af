#include "ui/report/report_export.h"

#include <QDir>

#include "ui/common/job_runner.h"
#include "report/report_schedule.h"
#include "ui/report/report_png_plotter.h"

namespace h4h::ui {

/// What the worker fills and the GUI thread reads once the job has finished.
struct ReportExporter::Export {
  Project project;
  std::string dir;
  RunReport report;
};

ReportExporter::ReportExporter(QObject* parent) : QObject(parent), m_runner(new JobRunner(this)) {
  connect(m_runner, &JobRunner::progress, this,
          [this](const JobProgress& p) { emit progress(QString::fromStdString(p.stage + ": " + p.message)); });
  connect(m_runner, &JobRunner::finished, this,
          [this](int status, const QString& message, const QByteArray&) { onJobFinished(status, message); });
}

ReportExporter::~ReportExporter() { m_runner->cancelAndWait(); }

bool ReportExporter::isRunning() const { return m_runner->isRunning(); }

bool ReportExporter::start(const Project& project, const QString& dir) {
  if (isRunning()) return false;
  auto work = std::make_shared<Export>();
  work->project = project;
  work->dir = QDir(dir).absolutePath().toStdString();
  auto job = std::make_shared<FunctionJob>("export report", [work](JobContext& context) {
    context.progress(0.1, "export report", "scheduling the chosen arch");
    work->report = reportOfProject(work->project);
    context.throwIfCancelled();
    context.progress(0.7, "export report", "writing " + work->dir);
    writeReportFolder(work->report, work->dir, nullptr);
    return JobResult{JobStatus::Finished, "texts written", {}};
  });
  m_export = work;
  return m_runner->start(job);
}

void ReportExporter::onJobFinished(int status, const QString& message) {
  const std::shared_ptr<Export> work = std::move(m_export);
  if (!work) return;
  if (status != static_cast<int>(JobStatus::Finished)) {
    emit finished(false, tr("The report was not exported: %1").arg(message));
    return;
  }
  StudioReportPlotter plotter;
  const std::vector<std::string> problems = plotter.drawPngs(work->report, work->dir);
  const QString dir = QString::fromStdString(work->dir);
  if (!problems.empty()) {
    QStringList names;
    for (const auto& p : problems) names << QString::fromStdString(p);
    emit finished(false, tr("The report in %1 lacks %2 (could not be drawn).").arg(dir, names.join(", ")));
    return;
  }
  emit finished(true, tr("Report written to %1").arg(dir));
}

}  // namespace h4h::ui
