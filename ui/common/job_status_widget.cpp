#include "ui/common/job_status_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>
#include <cmath>

#include "ui/common/job_runner.h"
#include "ui/common/units.h"

namespace h4h::ui {

namespace {
/// "ETA 4:31"; "ETA ?" before the job can tell.
QString etaText(double seconds) {
  return QStringLiteral("ETA %1")
      .arg(seconds < 0 || !std::isfinite(seconds) ? QStringLiteral("?") : formatDuration(seconds));
}
}  // namespace

JobStatusWidget::JobStatusWidget(JobRunner* runner, QWidget* parent)
    : QWidget(parent), m_runner(runner) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_label = new QLabel(tr("Ready"), this);
  m_bar = new QProgressBar(this);
  m_bar->setRange(0, 1000);
  m_bar->setMaximumWidth(180);
  m_bar->setTextVisible(false);
  m_eta = new QLabel(this);
  m_cancel = new QToolButton(this);
  m_cancel->setText(tr("Cancel"));
  m_cancel->setToolTip(tr("Stop the running job after its current step"));
  layout->addWidget(m_label);
  layout->addWidget(m_bar);
  layout->addWidget(m_eta);
  layout->addWidget(m_cancel);
  m_bar->hide();
  m_eta->hide();
  m_cancel->hide();
  connect(m_cancel, &QToolButton::clicked, this, [this] {
    m_runner->cancel();
    m_label->setText(tr("Cancelling %1…").arg(m_runner->jobName()));
  });
  connect(runner, &JobRunner::started, this, &JobStatusWidget::onStarted);
  connect(runner, &JobRunner::progress, this, &JobStatusWidget::onProgress);
  connect(runner, &JobRunner::finished, this,
          [this](int status, const QString& message, const QByteArray&) { onFinished(status, message); });
}

void JobStatusWidget::onStarted(const QString& name) {
  m_label->setText(name);
  m_bar->setValue(0);
  m_eta->setText(etaText(-1));
  m_bar->show();
  m_eta->show();
  m_cancel->show();
}

void JobStatusWidget::onProgress(const h4h::JobProgress& p) {
  m_label->setText(QString("%1: %2 %3")
                       .arg(m_runner->jobName(), QString::fromStdString(p.stage),
                            QString::fromStdString(p.message)));
  m_bar->setValue(static_cast<int>(p.fraction * 1000));
  m_eta->setText(etaText(p.etaSeconds));
}

void JobStatusWidget::onFinished(int status, const QString& message) {
  m_bar->hide();
  m_eta->hide();
  m_cancel->hide();
  const auto s = static_cast<JobStatus>(status);
  m_label->setText(QString("%1 %2%3")
                       .arg(m_runner->jobName(), QString::fromLatin1(jobStatusName(s)),
                            message.isEmpty() || s == JobStatus::Cancelled ? QString()
                                                                           : ": " + message));
}

}  // namespace h4h::ui
