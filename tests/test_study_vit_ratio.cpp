// The `vit-ratio` study on a tiny project (quick): its tables' shape with the accuracy
// signal named in them, hybrid shares within [0, 100] %, NPU-only fronts that never
// place a layer on the CIM, the same tables from the same seeds, and bad input (a
// project without a CIM, no accuracy signal) refused.
#include <QtTest>

#include <QTemporaryDir>
#include <cmath>

#include "project/project_io.h"
#include "study/study_job.h"
#include "study/vit_ratio_study.h"
#include "support/tiny_project.h"
#include "train/synflow_proxy.h"

using namespace h4h;

namespace {

StudySettings quickSettings() {
  StudySettings s;
  s.study = "vit-ratio";
  s.quick = true;
  return s;
}

struct Run {
  JobResult result;
  StudyResult study;
  bool badInput = false;
};

Run runStudy(const Project& project, AccuracyFactory accuracy = synflowProxyFactory()) {
  StudyJob job(project, quickSettings(), std::move(accuracy));
  CancelToken cancel;
  JobContext context(cancel);
  Run r;
  r.result = job.execute(context);
  r.study = job.result();
  r.badInput = job.badInput();
  return r;
}

}  // namespace

class TestStudyVitRatio : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  Project m_project;

private slots:
  void initTestCase() {
    const QString path = test::writeProject(m_dir, "tiny.h4h", test::tinyProject(64, 1));
    m_project = loadProjectOrThrow(path.toStdString());
  }

  void tablesHaveTheirShapeAndNameTheProxy() {
    const Run r = runStudy(m_project);
    QVERIFY2(r.result.status == JobStatus::Finished, r.result.message.c_str());
    const StudyTable* summary = r.study.table("summary");
    const StudyTable* fronts = r.study.table("fronts");
    QVERIFY(summary && fronts);
    QCOMPARE(summary->rows.size(), std::size_t{2});
    QCOMPARE(summary->text(0, "system"), std::string("NPU only"));
    QCOMPARE(summary->text(1, "system"), std::string("NPU+CIM"));
    QVERIFY(summary->columnIndex(std::string("median ") + kSynflowSignalName) >= 0);
    QVERIFY(fronts->columnIndex(kSynflowSignalName) >= 0);
    QVERIFY(fronts->columnIndex("accuracy") < 0);  // a proxy is never labelled accuracy
    for (std::size_t row = 0; row < summary->rows.size(); ++row) {
      QCOMPARE(summary->number(row, "seeds"), double(kVitRatioMinSeeds));
      const double share = summary->number(row, "hybrid_share");
      QVERIFY2(share >= 0.0 && share <= 100.0, qPrintable(QString::number(share)));
      QVERIFY(summary->number(row, "front_archs") >= 1.0);
    }
    for (const StudyPlot& plot : r.study.plots)
      QVERIFY2(plot.title.find(kSynflowSignalName) != std::string::npos, plot.title.c_str());
    bool namedInNotes = false;
    for (const std::string& note : r.study.notes) namedInNotes |= note.find("NOT accuracy") != std::string::npos;
    QVERIFY(namedInNotes);
  }

  void npuOnlyFrontsNeverUseTheCim() {
    const Run r = runStudy(m_project);
    const StudyTable* fronts = r.study.table("fronts");
    QVERIFY(fronts);
    int npuOnlyRows = 0;
    for (std::size_t row = 0; row < fronts->rows.size(); ++row) {
      if (fronts->text(row, "system") != "NPU only") continue;
      ++npuOnlyRows;
      QCOMPARE(fronts->number(row, "cim_layers"), 0.0);
    }
    QVERIFY(npuOnlyRows > 0);
  }

  void sameSeedsGiveTheSameTables() {
    const Run a = runStudy(m_project), b = runStudy(m_project);
    QCOMPARE(a.study.tables.size(), b.study.tables.size());
    for (std::size_t i = 0; i < a.study.tables.size(); ++i) QVERIFY(a.study.tables[i] == b.study.tables[i]);
  }

  void badInputIsRefused() {
    Project noCim = m_project;
    noCim.hardware = npuOnlyVariant(noCim.hardware);
    Run r = runStudy(noCim);
    QCOMPARE(r.result.status, JobStatus::Failed);
    QVERIFY(r.badInput);
    QVERIFY2(r.result.message.find("hardware.cim.macros") != std::string::npos, r.result.message.c_str());
    r = runStudy(m_project, AccuracyFactory());
    QCOMPARE(r.result.status, JobStatus::Failed);
    QVERIFY(r.badInput);
  }
};

QTEST_GUILESS_MAIN(TestStudyVitRatio)
#include "test_study_vit_ratio.moc"
