#pragma once
// What a page that runs jobs (Search, Training) needs from the shared JobRunner, in
// one place: refuse to start while another job runs (and say which on the page's
// status line), remember which job is this page's, pass on its progress and events
// only, hand its result to the callback given at start, cancel it, and tell the page
// whenever the runner gets busy or idle so that it can enable its buttons.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

#include "jobs/job.h"
#include "ui/common/job_runner.h"  // JobProgress as a metatype (the signals carry it)
#include "util/json_fields.h"

namespace h4h::ui {

class StatusLine;

class JobPageController : public QObject {
  Q_OBJECT
public:
  /// What to do with this page's job's result, on the GUI thread.
  using OnFinished = std::function<void(JobStatus status, const QString& message, const Json& data)>;

  JobPageController(JobRunner* runner, StatusLine* status, QObject* parent);

  /// True when no job runs; else says which one does on the status line.
  bool readyToStart();
  /// Starts `job` as this page's; false (with the reason shown) when another runs.
  bool start(std::shared_ptr<Job> job, OnFinished onFinished);
  /// Asks this page's job to stop after its current step and shows `note`.
  void cancel(const QString& note);
  /// Cancels this page's job, waits for it and drops its result (its project is gone).
  void abandon();

  /// A job of this page runs.
  bool ownsRunningJob() const { return static_cast<bool>(m_onFinished); }
  /// Any job runs (this page's or another's): Start buttons are off.
  bool busy() const;
  JobRunner* runner() const { return m_runner; }

signals:
  /// This page's job's progress and events (another page's are not passed on).
  void progress(const h4h::JobProgress& progress);
  void event(const QString& kind, const QByteArray& jsonData);
  /// A job (of any page) started or finished: the page updates its buttons.
  void busyChanged();

private:
  void onRunnerFinished(int status, const QString& message, const QByteArray& jsonData);

  JobRunner* m_runner;
  StatusLine* m_status;
  OnFinished m_onFinished;  // set while this page's job runs
};

}  // namespace h4h::ui
