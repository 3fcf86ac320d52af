#pragma once
// Status-bar widget for the running job: name, progress, ETA and a Cancel button.

#include <QWidget>

#include "jobs/job.h"

class QLabel;
class QProgressBar;
class QToolButton;

namespace h4h::ui {

class JobRunner;

class JobStatusWidget : public QWidget {
  Q_OBJECT
public:
  explicit JobStatusWidget(JobRunner* runner, QWidget* parent = nullptr);

private:
  void onStarted(const QString& name);
  void onProgress(const h4h::JobProgress& progress);
  void onFinished(int status, const QString& message);

  JobRunner* m_runner;
  QLabel* m_label;
  QProgressBar* m_bar;
  QLabel* m_eta;
  QToolButton* m_cancel;
};

}  // namespace h4h::ui
