#include "ui/common/job_page_controller.h"

#include "ui/common/job_runner.h"
#include "ui/common/status_line.h"

namespace h4h::ui {

JobPageController::JobPageController(JobRunner* runner, StatusLine* status, QObject* parent)
    : QObject(parent), m_runner(runner), m_status(status) {
  connect(m_runner, &JobRunner::started, this, &JobPageController::busyChanged);
  connect(m_runner, &JobRunner::progress, this, [this](const h4h::JobProgress& p) {
    if (ownsRunningJob()) emit progress(p);
  });
  connect(m_runner, &JobRunner::event, this, [this](const QString& kind, const QByteArray& data) {
    if (ownsRunningJob()) emit event(kind, data);
  });
  connect(m_runner, &JobRunner::finished, this, &JobPageController::onRunnerFinished);
}

bool JobPageController::busy() const { return m_runner->isRunning(); }

bool JobPageController::readyToStart() {
  if (!m_runner->isRunning()) return true;
  m_status->setMessage(
      tr("Another job (%1) is running; wait for it or cancel it first.").arg(m_runner->jobName()), true);
  return false;
}

bool JobPageController::start(std::shared_ptr<Job> job, OnFinished onFinished) {
  if (!readyToStart()) return false;
  // Set before start(): the runner announces `started` synchronously.
  m_onFinished = std::move(onFinished);
  if (!job || !m_runner->start(std::move(job))) {
    m_onFinished = nullptr;
    m_status->setMessage(tr("Cannot start: another job is running."), true);
    return false;
  }
  return true;
}

void JobPageController::cancel(const QString& note) {
  if (!ownsRunningJob()) return;
  m_runner->cancel();
  m_status->setMessage(note);
}

void JobPageController::abandon() {
  if (!ownsRunningJob()) return;
  m_onFinished = nullptr;  // the queued `finished` of the cancelled job then finds no owner
  m_runner->cancelAndWait();
}

void JobPageController::onRunnerFinished(int status, const QString& message, const QByteArray& jsonData) {
  if (OnFinished done = std::move(m_onFinished)) {
    m_onFinished = nullptr;
    const Json data = Json::parse(jsonData.constData(), jsonData.constData() + jsonData.size(), nullptr, false);
    done(static_cast<JobStatus>(status), message, data);
  }
  emit busyChanged();
}

}  // namespace h4h::ui
