#pragma once
// Runs one core Job at a time on a worker QThread and re-emits its progress,
// events and result as queued signals on the GUI thread. Cancel sets the job's
// atomic token from the GUI thread; the destructor cancels, quits and waits.

#include <QObject>
#include <QString>
#include <QThread>
#include <memory>

#include "jobs/job.h"

namespace h4h::ui {

/// Lives on the worker thread; turns a Job's callbacks into signals.
class JobWorker : public QObject {
  Q_OBJECT
public:
  JobWorker(std::shared_ptr<Job> job, std::shared_ptr<CancelToken> cancel);

public slots:
  void run();

signals:
  void progress(const h4h::JobProgress& progress);
  void event(const QString& kind, const QByteArray& jsonData);
  void finished(int status, const QString& message, const QByteArray& jsonData);

private:
  std::shared_ptr<Job> m_job;
  std::shared_ptr<CancelToken> m_cancel;
};

class JobRunner : public QObject {
  Q_OBJECT
public:
  explicit JobRunner(QObject* parent = nullptr);
  ~JobRunner() override;

  /// Starts the job; returns false when another job is still running.
  bool start(std::shared_ptr<Job> job);
  bool isRunning() const { return m_thread != nullptr; }
  QString jobName() const { return m_jobName; }
  /// Asks the running job to stop; it finishes its current step and reports Cancelled.
  void cancel();
  /// Cancels and blocks until the worker thread has ended.
  void cancelAndWait();

signals:
  void started(const QString& name);
  void progress(const h4h::JobProgress& progress);
  /// kind and the event's JSON data (UTF-8), e.g. "search.generation".
  void event(const QString& kind, const QByteArray& jsonData);
  /// status is a h4h::JobStatus value.
  void finished(int status, const QString& message, const QByteArray& jsonData);

private:
  void onWorkerFinished(int status, const QString& message, const QByteArray& jsonData);

  QThread* m_thread = nullptr;
  std::shared_ptr<CancelToken> m_cancel;
  QString m_jobName;
};

}  // namespace h4h::ui

Q_DECLARE_METATYPE(h4h::JobProgress)
