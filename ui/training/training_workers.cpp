#include "ui/training/training_workers.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>

#include "util/errors.h"

namespace h4h::ui {

namespace {
constexpr double kLocalRanksTimeoutSeconds = 60.0;
}  // namespace

TrainingWorkers::TrainingWorkers(QObject* parent) : QObject(parent) {
  const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath("h4h");
  m_program = QFileInfo(beside).isExecutable() ? beside : QStringLiteral("h4h");
}

TrainingWorkers::~TrainingWorkers() { finish(0); }

DistConfig TrainingWorkers::start(const QString& projectFile, int processes, const TrainerOptions& options) {
  finish(0);
  DistConfig rank0;
  rank0.worldSize = processes;
  rank0.masterAddr = "127.0.0.1";
  rank0.masterPort = freeLoopbackPort();
  // Every rank is on this machine: a minute without an answer means one is gone. The
  // studio's own rank waits this long at most (a rank that fails to join included).
  rank0.timeoutSeconds = kLocalRanksTimeoutSeconds;
  QStringList common{"--quiet", "--world-size", QString::number(processes),
                     "--master-addr", QString::fromStdString(rank0.masterAddr),
                     "--master-port", QString::number(rank0.masterPort),
                     "--dist-timeout", QString::number(rank0.timeoutSeconds)};
  if (options.threads > 0) common << "--threads" << QString::number(options.threads);
  if (!options.recipe.empty()) common << "--recipe" << QString::fromStdString(options.recipe);
  if (!options.epochs.empty()) {
    QStringList epochs;
    for (int e : options.epochs) epochs << QString::number(e);
    common << "--epochs" << epochs.join(',');
  }
  if (options.maxStepsPerEpoch > 0) common << "--steps-per-epoch" << QString::number(options.maxStepsPerEpoch);
  if (options.evalBatches > 0) common << "--eval-batches" << QString::number(options.evalBatches);
  if (options.resume) common << "--resume";
  for (int rank = 1; rank < processes; ++rank) {
    QStringList args{"train", projectFile, "--rank", QString::number(rank)};
    args << common;
    auto* process = new QProcess(this);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->start(m_program, args);
    if (!process->waitForStarted(10000)) {
      const QString why = process->errorString();
      delete process;
      finish(0);
      throw InputError("processes: cannot start rank " + std::to_string(rank) + " (" + m_program.toStdString() +
                       ": " + why.toStdString() + ")");
    }
    m_ranks.push_back(process);
  }
  return rank0;
}

bool TrainingWorkers::running() const {
  for (const QProcess* p : m_ranks)
    if (p->state() != QProcess::NotRunning) return true;
  return false;
}

void TrainingWorkers::finishLater(int waitMs, std::function<void(const QString&)> done) {
  constexpr int kPollMs = 100;
  if (!running() || waitMs <= 0) {
    const QString failures = finish(0);
    if (done) done(failures);
    return;
  }
  QTimer::singleShot(kPollMs, this, [this, waitMs, done = std::move(done)]() mutable {
    finishLater(waitMs - kPollMs, std::move(done));
  });
}

QString TrainingWorkers::finish(int waitMs) {
  QStringList failures;
  for (std::size_t i = 0; i < m_ranks.size(); ++i) {
    QProcess* p = m_ranks[i];
    if (p->state() != QProcess::NotRunning && !p->waitForFinished(waitMs)) {
      p->kill();
      p->waitForFinished(2000);
    }
    const bool clean = p->exitStatus() == QProcess::NormalExit && (p->exitCode() == 0 || p->exitCode() == 130);
    if (!clean) {
      QStringList lines = QString::fromLocal8Bit(p->readAllStandardError()).trimmed().split('\n');
      const QString last = lines.isEmpty() ? QString() : lines.back();
      failures << tr("rank %1: %2").arg(i + 1).arg(last.isEmpty() ? tr("ended with status %1").arg(p->exitCode())
                                                                  : last);
    }
    delete p;
  }
  m_ranks.clear();
  return failures.join('\n');
}

}  // namespace h4h::ui
