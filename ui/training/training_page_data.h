#pragma once
// Plain data behind the Training tab's curves: one run's per-step loss and
// learning rate and per-epoch min/max-net accuracy, read from a stored run record
// (results.runs, a RunRecord of core/train/run_record.h) or grown from the trainer's
// live events (train.phase, train.step, train.epoch). No widgets, so it is tested alone.

#include <QString>
#include <QVector>

#include "train/run_record.h"

namespace h4h::ui {

struct RunSeries {
  QString id;          ///< "train-3"
  QString recipe;
  QString status;      ///< running, finished, cancelled, failed
  QString started;     ///< UTC time text
  // per step (x = global step index, 0-based)
  QVector<double> stepX, loss, lr;
  // per epoch (x = epoch over the run, 1-based); accuracies in percent
  QVector<double> epochX, minTop1, maxTop1;
  /// x positions where a phase > 1 begins, on the step axis and on the epoch axis.
  QVector<double> phaseStepX, phaseEpochX;
  QVector<QString> phaseNames;  ///< name of each phase ("cnn", "hybrid")
  double imagesPerS = 0.0;
  double wallSeconds = 0.0;
  int totalEpochs = 0;          ///< planned epochs over every phase (0 = unknown)

  int epochsDone() const { return static_cast<int>(epochX.size()); }
  double lastMinTop1() const { return minTop1.isEmpty() ? -1.0 : minTop1.back(); }
  double lastMaxTop1() const { return maxTop1.isEmpty() ? -1.0 : maxTop1.back(); }
};

/// The curves of a stored run (a run without steps has none).
RunSeries runSeriesFromRecord(const RunRecord& run);

/// Grows a RunSeries from live trainer events and remembers where the run stands.
class LiveRunSeries {
public:
  /// Applies one event; returns true when it added or changed plotted data.
  bool addEvent(const QString& kind, const Json& data);

  const RunSeries& series() const { return m_series; }
  RunSeries& series() { return m_series; }
  int phase() const { return m_phase; }
  QString phaseName() const;
  int epoch() const { return m_epoch; }
  qint64 stepInEpoch() const { return m_stepInEpoch; }
  qint64 stepsPerEpoch() const { return m_stepsPerEpoch; }
  double imagesPerS() const { return m_imagesPerS; }

private:
  RunSeries m_series;
  int m_phase = 0;
  int m_epoch = 0;
  qint64 m_stepInEpoch = 0;
  qint64 m_stepsPerEpoch = 0;
  double m_imagesPerS = 0.0;
  bool m_phaseBoundaryPending = false;
};

}  // namespace h4h::ui
