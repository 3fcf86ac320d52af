// `h4h run` as a core Job (run/run_job.h): the schedule stage reports its stage and note
// as events, stores the chosen arch and its schedule in the project file, and builds the
// same report model as the studio's export (reportOfProject), which leaves the project
// alone; bad settings are told apart from failures.
#include <QtTest>

#include "project/project_io.h"
#include "report/report_schedule.h"
#include "run/run_job.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/test_paths.h"

using namespace h4h;

namespace {

/// The paper project saved into `dir` with its smallest arch selected.
Project savedPaper(const QTemporaryDir& dir) {
  Project p = loadProjectOrThrow(test::projectPath("paper.h4h"));
  p.results.selected = archKey(minArch(p.space));
  saveProject(p, dir.filePath("paper.h4h").toStdString());
  return loadProjectOrThrow(dir.filePath("paper.h4h").toStdString());
}

RunOptions scheduleOnly() {
  RunOptions o;
  o.train = o.search = false;
  return o;
}

}  // namespace

class TestRunJob : public QObject {
  Q_OBJECT
private slots:
  void scheduleStageStoresTheChoiceAndReportsIt() {
    QTemporaryDir dir;
    Project project = savedPaper(dir);
    const std::string key = project.results.selected;
    const RunReport exported = reportOfProject(project);  // what the studio's export sees
    QVERIFY(loadProjectOrThrow(project.filePath).results.schedules.empty());

    RunJob job(project, scheduleOnly());
    CancelToken cancel;
    std::vector<JobEvent> events;
    JobContext context(cancel, {}, [&events](const JobEvent& e) { events.push_back(e); });
    const JobResult result = job.execute(context);
    QCOMPARE(result.status, JobStatus::Finished);
    QVERIFY(!job.stageFailed());

    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0].kind, std::string("run.stage"));
    QCOMPARE(events[0].data["index"].get<int>(), 1);
    QCOMPARE(events[0].data["count"].get<int>(), 1);
    QCOMPARE(events[1].kind, std::string("run.note"));
    QVERIFY(events[1].data["text"].get<std::string>().rfind("schedule: ", 0) == 0);

    const RunReport& report = job.report();
    QVERIFY(report.scheduled);
    QCOMPARE(report.chosenKey, key);
    QCOMPARE(report.notes, exported.notes);
    QCOMPARE(report.evaluation.hybrid.frames, kReportFrames);
    QCOMPARE(report.evaluation.metrics.toJson(), exported.evaluation.metrics.toJson());

    const Project stored = loadProjectOrThrow(project.filePath);
    QCOMPARE(stored.results.selected, key);
    QCOMPARE(stored.results.schedules.size(), std::size_t(1));
    QCOMPARE(stored.results.schedules[0].arch(), key);
  }

  void reportComparesTheChosenScheduleWithNpuOnlyAndTheOtherObjectives() {
    Project project = loadProjectOrThrow(test::projectPath("demo.h4h"));
    project.results.selected = archKey(maxArch(project.space));
    const RunReport report = reportOfProject(project);
    QVERIFY(report.scheduled);
    QVERIFY(report.evaluation.hasNpuOnlySchedule);
    QCOMPARE(report.comparisons.size(), std::size_t(3));  // NPU only, then the two other objectives
    const ScheduleComparison& npu = report.comparisons[0];
    QCOMPARE(npu.nameA, std::string("NPU only"));
    const ScheduleComparison expected =
        compareSchedules("NPU only", report.evaluation.npuOnly, report.evaluation.layers,
                         npu.nameB, report.evaluation.hybrid, report.evaluation.layers);
    QCOMPARE(npu.change("latency")->words, expected.change("latency")->words);
    QCOMPARE(npu.movedToCim, report.evaluation.eval.hetero.countOn(Device::Cim));
    const std::string md = summaryMarkdown(report);
    QVERIFY(md.find("## Comparison") != std::string::npos);
    QVERIFY(md.find("### " + npu.nameB + " vs NPU only") != std::string::npos);
    QVERIFY(md.find("vs energy objective") != std::string::npos);
    QVERIFY(md.find("vs edp objective") != std::string::npos);
    QVERIFY(md.find("| latency | ") != std::string::npos);
    QVERIFY2(md.find(npu.change("latency")->words) != std::string::npos, md.c_str());
  }

  void unreadableSettingsAreBadInput() {
    QTemporaryDir dir;
    Project project = savedPaper(dir);
    project.hardware.measuredTablePath = "missing.csv";
    RunJob job(project, scheduleOnly());
    CancelToken cancel;
    JobContext context(cancel);
    const JobResult result = job.execute(context);
    QCOMPARE(result.status, JobStatus::Failed);
    QVERIFY(job.badInput());
    QVERIFY2(result.message.find("missing.csv") != std::string::npos, result.message.c_str());
  }
};

QTEST_APPLESS_MAIN(TestRunJob)
#include "test_run_job.moc"
