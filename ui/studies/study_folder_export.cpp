#include "ui/studies/study_folder_export.h"

#include <QDir>
#include <QFileInfo>
#include <memory>

#include "project/project_file.h"
#include "ui/common/job_runner.h"
#include "util/json_fields.h"

namespace h4h::ui {

StudyFolderExporter::StudyFolderExporter(QObject* parent)
    : QObject(parent), m_runner(new JobRunner(this)) {
  connect(m_runner, &JobRunner::finished, this, [this](int status, const QString& message, const QByteArray& data) {
    if (status != static_cast<int>(JobStatus::Finished)) {
      emit finished(false, status == static_cast<int>(JobStatus::Cancelled)
                               ? tr("Export cancelled: nothing was copied.")
                               : tr("The study folder was not exported: %1").arg(message));
      return;
    }
    const Json d = Json::parse(data.constData(), data.constData() + data.size(), nullptr, false);
    QString text = tr("Study folder copied to %1").arg(QString::fromStdString(d.value("to", std::string())));
    const std::string aside = d.is_object() ? d.value("moved_aside", std::string()) : std::string();
    if (!aside.empty()) text += tr("; the folder that was there is kept as %1").arg(QString::fromStdString(aside));
    emit finished(true, text + ".");
  });
}

StudyFolderExporter::~StudyFolderExporter() { m_runner->cancelAndWait(); }

bool StudyFolderExporter::isRunning() const { return m_runner->isRunning(); }

void StudyFolderExporter::cancel() { m_runner->cancel(); }

bool StudyFolderExporter::start(const QString& from, const QString& to, QString* why) {
  auto refuse = [why](const QString& reason) {
    if (why) *why = reason;
    return false;
  };
  if (isRunning()) return refuse(tr("An export is still running; wait for it to finish."));
  if (!QFileInfo(from).isDir()) return refuse(tr("The study folder %1 does not exist.").arg(from));
  const std::string source = QDir(from).absolutePath().toStdString();
  const std::string target = QDir(to).absolutePath().toStdString();
  if (source == target) return refuse(tr("%1 is the study folder itself; choose another place.").arg(to));
  auto job = std::make_shared<FunctionJob>("export study folder", [source, target](JobContext& context) {
    FolderCopy copy;
    try {
      copy = copyFolderAtomically(source, target, [&context](std::uint64_t done, std::uint64_t total) {
        if (total > 0) context.progress(double(done) / double(total), "export study folder");
        return !context.cancelled();
      });
    } catch (const OperationCancelled&) {
      throw JobCancelled();  // a cancel, not a failure
    }
    return JobResult{JobStatus::Finished, "copied", Json{{"to", copy.to}, {"moved_aside", copy.movedAside}}};
  });
  return m_runner->start(job) || refuse(tr("An export is still running; wait for it to finish."));
}

}  // namespace h4h::ui
