#pragma once
// Hardware "what-if": after a hardware edit, every arch on the Pareto front
// (results.pareto) is measured again on the new hardware. Accuracy does not depend on
// the hardware and is kept, so this is cheap (no supernet evaluation). The
// re-measuring runs on a thread of its own; a newer request supersedes an older one.

#include <QObject>
#include <QString>
#include <QThread>
#include <memory>

#include "project/project.h"

namespace h4h::ui {

/// `pareto` re-measured on `project`'s hardware (scheduler objective of its search
/// section, its measured table): hardware metrics replaced, accuracy and key kept,
/// `feasible` recomputed under the project's budgets; the order is kept. Throws
/// InputError when the measured table cannot be read.
ParetoFront rescorePareto(const Project& project, const ParetoFront& pareto);

class ParetoRescorer : public QObject {
  Q_OBJECT
public:
  explicit ParetoRescorer(QObject* parent = nullptr);
  ~ParetoRescorer() override;

  /// Re-scores `project.results.pareto` in the background; a request made while one
  /// runs replaces the pending one (only the latest hardware matters).
  void request(const Project& project);
  bool busy() const { return m_thread != nullptr; }
  /// Blocks until the running re-score (and a pending one) is done (tests).
  void waitForIdle();

signals:
  /// `pareto` is the re-scored array for `hardware` (hardwareToJson of the hardware it
  /// was measured on); `error` is set (and pareto null) when it failed.
  void finished(const QByteArray& pareto, const QByteArray& hardware, const QString& error);

private:
  void launch(std::unique_ptr<Project> project);
  void onThreadDone();

  QThread* m_thread = nullptr;
  int m_launches = 0;
  std::unique_ptr<Project> m_pending;
  struct Outcome;
  std::shared_ptr<Outcome> m_outcome;
};

}  // namespace h4h::ui
