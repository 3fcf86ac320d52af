// A core Job run through the Qt worker: progress and events arrive as queued
// signals on the GUI thread, completion and cancellation are reported.

#include <QtTest>

#include <atomic>
#include <thread>

#include "ui/common/job_runner.h"

using namespace h4h;
using h4h::ui::JobRunner;

namespace {

std::shared_ptr<Job> countingJob(int steps, std::atomic<int>* done) {
  return std::make_shared<FunctionJob>("count", [steps, done](JobContext& ctx) {
    for (int i = 0; i < steps; ++i) {
      ctx.throwIfCancelled();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      ctx.progress(double(i + 1) / steps, "counting", std::to_string(i + 1));
      ctx.event("count.step", {{"i", i}});
      ++*done;
    }
    return JobResult{JobStatus::Finished, "counted", {{"steps", steps}}};
  });
}

}  // namespace

class TestJobRunner : public QObject {
  Q_OBJECT

private slots:
  void runsToCompletion() {
    JobRunner runner;
    std::atomic<int> done{0};
    QSignalSpy progress(&runner, &JobRunner::progress);
    QSignalSpy events(&runner, &JobRunner::event);
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.start(countingJob(20, &done)));
    QVERIFY(runner.isRunning());
    QVERIFY(!runner.start(countingJob(1, &done)));  // one job at a time
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), int(JobStatus::Finished));
    QCOMPARE(finished.at(0).at(1).toString(), QString("counted"));
    QCOMPARE(QJsonDocument::fromJson(finished.at(0).at(2).toByteArray())["steps"].toInt(), 20);
    QCOMPARE(progress.count(), 20);
    const auto last = progress.last().at(0).value<h4h::JobProgress>();
    QCOMPARE(last.fraction, 1.0);
    QCOMPARE(events.count(), 20);
    QCOMPARE(events.first().at(0).toString(), QString("count.step"));
    QVERIFY(!runner.isRunning());
  }

  void cancelStopsEarly() {
    JobRunner runner;
    std::atomic<int> done{0};
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.start(countingJob(100000, &done)));
    QTRY_VERIFY_WITH_TIMEOUT(done.load() > 3, 5000);
    runner.cancel();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(0).at(0).toInt(), int(JobStatus::Cancelled));
    QVERIFY(done.load() < 100000);
  }

  void failureIsReported() {
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    runner.start(std::make_shared<FunctionJob>("boom", [](JobContext&) -> JobResult {
      throw std::runtime_error("disk full");
    }));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(0).at(0).toInt(), int(JobStatus::Failed));
    QCOMPARE(finished.at(0).at(1).toString(), QString("disk full"));
  }

  void destructorCancelsAndWaits() {
    std::atomic<int> done{0};
    {
      JobRunner runner;
      runner.start(countingJob(100000, &done));
      QTRY_VERIFY_WITH_TIMEOUT(done.load() > 0, 5000);
    }
    const int after = done.load();
    QTest::qWait(50);
    QCOMPARE(done.load(), after);  // the worker is gone
  }
};

QTEST_MAIN(TestJobRunner)
#include "test_ui_job_runner.moc"
