#include "ui/common/job_runner.h"

#include <QMetaType>

namespace h4h::ui {

JobWorker::JobWorker(std::shared_ptr<Job> job, std::shared_ptr<CancelToken> cancel)
    : m_job(std::move(job)), m_cancel(std::move(cancel)) {}

void JobWorker::run() {
  JobContext context(
      *m_cancel, [this](const JobProgress& p) { emit progress(p); },
      [this](const JobEvent& e) {
        emit event(QString::fromStdString(e.kind),
                   QByteArray::fromStdString(
                       e.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
      });
  JobResult result = m_job->execute(context);
  emit finished(static_cast<int>(result.status), QString::fromStdString(result.message),
                QByteArray::fromStdString(
                    result.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
  qRegisterMetaType<h4h::JobProgress>("h4h::JobProgress");
}

JobRunner::~JobRunner() { cancelAndWait(); }

bool JobRunner::start(std::shared_ptr<Job> job) {
  if (m_thread) return false;
  m_cancel = std::make_shared<CancelToken>();
  m_jobName = QString::fromStdString(job->name());
  m_thread = new QThread(this);
  auto* worker = new JobWorker(std::move(job), m_cancel);
  worker->moveToThread(m_thread);
  connect(m_thread, &QThread::started, worker, &JobWorker::run);
  connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
  connect(worker, &JobWorker::progress, this, &JobRunner::progress, Qt::QueuedConnection);
  connect(worker, &JobWorker::event, this, &JobRunner::event, Qt::QueuedConnection);
  connect(worker, &JobWorker::finished, this, &JobRunner::onWorkerFinished, Qt::QueuedConnection);
  m_thread->start();
  emit started(m_jobName);
  return true;
}

void JobRunner::cancel() {
  if (m_cancel) m_cancel->cancel();
}

void JobRunner::cancelAndWait() {
  if (!m_thread) return;
  cancel();
  m_thread->quit();
  m_thread->wait();
  delete m_thread;
  m_thread = nullptr;
}

void JobRunner::onWorkerFinished(int status, const QString& message, const QByteArray& jsonData) {
  if (m_thread) {
    m_thread->quit();
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
  }
  emit finished(status, message, jsonData);
}

}  // namespace h4h::ui
