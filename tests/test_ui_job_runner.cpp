// A core Job run through the Qt worker: progress and events arrive as queued
// signals on the GUI thread, completion and cancellation are reported. The pages'
// JobPageController: one job at a time across pages, each page sees only its own
// job's events and result.

#include <QtTest>

#include <atomic>
#include <thread>

#include "ui/common/job_page_controller.h"
#include "ui/common/job_runner.h"
#include "ui/common/status_line.h"

using namespace h4h;
using h4h::ui::JobPageController;
using h4h::ui::JobRunner;
using h4h::ui::StatusLine;

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

  void pageSeesOnlyItsOwnJob() {
    JobRunner runner;
    StatusLine searchStatus, trainStatus;
    JobPageController search(&runner, &searchStatus, nullptr);
    JobPageController training(&runner, &trainStatus, nullptr);
    QSignalSpy searchEvents(&search, &JobPageController::event);
    QSignalSpy trainingEvents(&training, &JobPageController::event);
    QSignalSpy trainingBusy(&training, &JobPageController::busyChanged);
    std::atomic<int> done{0};
    int calls = 0;
    JobStatus status = JobStatus::Failed;
    Json data;
    QVERIFY(search.start(countingJob(5, &done), [&](JobStatus s, const QString&, const Json& d) {
      ++calls;
      status = s;
      data = d;
    }));
    QVERIFY(search.ownsRunningJob());
    QVERIFY(training.busy() && !training.ownsRunningJob());
    QCOMPARE(trainingBusy.count(), 1);  // started: the other page greys its Start
    QVERIFY(!training.start(countingJob(1, &done), [&](JobStatus, const QString&, const Json&) { ++calls; }));
    QVERIFY2(trainStatus.text().contains("Another job (count)"), qPrintable(trainStatus.text()));
    QTRY_VERIFY_WITH_TIMEOUT(calls == 1, 10000);
    QCOMPARE(status, JobStatus::Finished);
    QCOMPARE(data.value("steps", 0), 5);
    QCOMPARE(searchEvents.count(), 5);
    QCOMPARE(trainingEvents.count(), 0);
    QCOMPARE(trainingBusy.count(), 2);  // finished: Start on again
    QVERIFY(!search.ownsRunningJob() && !training.busy());
    QVERIFY(training.readyToStart());
  }

  void abandonedJobReportsNothing() {
    JobRunner runner;
    StatusLine status;
    JobPageController page(&runner, &status, nullptr);
    std::atomic<int> done{0};
    int calls = 0;
    QVERIFY(page.start(countingJob(100000, &done), [&](JobStatus, const QString&, const Json&) { ++calls; }));
    QTRY_VERIFY_WITH_TIMEOUT(done.load() > 0, 5000);
    page.abandon();
    QVERIFY(!runner.isRunning());
    QTest::qWait(50);  // the cancelled job's queued result arrives and finds no owner
    QCOMPARE(calls, 0);
    QVERIFY(page.readyToStart());
  }

  void statusLineShowsErrorsInRed() {
    StatusLine line;
    line.setMessage("Search failed: x", true);
    QVERIFY(line.styleSheet().contains("color"));
    line.appendMessage("More.");
    QCOMPARE(line.text(), QString("Search failed: x More."));
    QVERIFY(line.styleSheet().contains("color"));  // an added sentence keeps the error colour
    line.setMessage("Search finished.");
    QVERIFY(line.styleSheet().isEmpty());
  }
};

QTEST_MAIN(TestJobRunner)
#include "test_ui_job_runner.moc"
