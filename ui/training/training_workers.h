#pragma once
// The Training tab's data-parallel ranks: with "Processes" above 1 the studio's own
// TrainerJob is rank 0 (its live curves are rank 0's) and ranks 1..N-1 are `h4h train
// --rank R` processes on this machine, started here against the saved project file and
// a free port on 127.0.0.1. Cancelling rank 0 stops every rank after the same step;
// a rank that dies makes rank 0 fail naming it.

#include <QObject>
#include <QString>
#include <functional>
#include <vector>

#include "train/trainer.h"

class QProcess;

namespace h4h::ui {

class TrainingWorkers : public QObject {
  Q_OBJECT
public:
  explicit TrainingWorkers(QObject* parent = nullptr);
  ~TrainingWorkers() override;

  /// The `h4h` program the ranks run: beside the studio's executable, else on PATH.
  /// Tests point it at their build.
  void setProgram(const QString& program) { m_program = program; }
  const QString& program() const { return m_program; }

  /// Starts ranks 1..processes-1 of a run of `projectFile` with rank 0's `options`
  /// (recipe, epochs, resume, step and evaluation caps, threads: every rank must train
  /// the same steps); returns rank 0's settings. Throws InputError when the program
  /// cannot be started.
  DistConfig start(const QString& projectFile, int processes, const TrainerOptions& options);
  /// Waits up to `waitMs` for the ranks to end, then kills what is left. Returns the
  /// last lines of what failed ranks printed ("" when every rank ended cleanly).
  QString finish(int waitMs);
  /// finish() without blocking the UI thread: polls the ranks for up to `waitMs`, then
  /// kills what is left and calls `done` with what finish() returns.
  void finishLater(int waitMs, std::function<void(const QString& failures)> done);
  bool running() const;

private:
  QString m_program;
  std::vector<QProcess*> m_ranks;
};

}  // namespace h4h::ui
