// Studies (core/study): the `system` and `compute-units` tables on a tiny project — shape
// and the invariants their definitions imply —, determinism, snapshots while running,
// cancel leaving neither folder nor record, the study folder's files (CSV parsed back),
// and results.studies through save/load with unknown fields kept and path-named errors.

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "project/project_io.h"
#include "study/study_archs.h"
#include "study/study_folder.h"
#include "study/study_job.h"
#include "study/study_record.h"
#include "support/test_paths.h"
#include "support/tiny_project.h"
#include "util/csv_record.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

StudySettings quick(const std::string& study, int seeds = 1) {
  StudySettings s;
  s.study = study;
  s.seeds = seeds;
  s.quick = true;
  return s;
}

/// Runs a study to the end (or to a cancel set by `onSnapshot`).
struct Ran {
  JobResult result;
  StudyResult study;
  int snapshots = 0;
};

Ran runStudy(const Project& project, const StudySettings& settings,
             const std::function<void(const StudyResult&, CancelToken&)>& onSnapshot = {}) {
  Ran ran;
  CancelToken cancel;
  StudyJob job(project, settings, {}, [&](const StudyResult& snapshot) {
    ++ran.snapshots;
    if (onSnapshot) onSnapshot(snapshot, cancel);
  });
  JobContext context(cancel);
  ran.result = job.execute(context);
  ran.study = job.result();
  return ran;
}

/// A throwing plotter: the folder write fails half way.
class FailingPlotter : public StudyPlotter {
public:
  std::vector<std::string> drawPngs(const StudyResult&, const std::string&) override {
    throw std::runtime_error("disk full");
  }
};

}  // namespace

class TestStudy : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  Project m_project;
  std::string m_path;
  Ran m_system;  ///< the quick `system` study of m_project, run once in initTestCase

  Project reload() const { return loadProjectOrThrow(m_path); }

private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_path = test::writeProject(m_dir, "tiny.h4h", test::tinyProject(64, 1)).toStdString();
    QVERIFY(!m_path.empty());
    m_project = reload();
    m_system = runStudy(m_project, quick("system"));
    QCOMPARE(m_system.result.status, JobStatus::Finished);
  }

  void systemTablesHaveEverySystemAndAblation() {
    const StudyResult& r = m_system.study;
    const StudyTable* systems = r.table("systems");
    QVERIFY(systems);
    QCOMPARE(systems->rows.size(), std::size_t(2 * kStudySystemCount + 1));  // found, sampled, seed row
    for (const auto& row : systems->rows) QCOMPARE(row.size(), systems->columns.size());
    QCOMPARE(systems->text(0, "set"), std::string("found"));
    QCOMPARE(systems->text(kStudySystemCount, "set"), std::string("sampled"));
    QVERIFY(systems->number(kStudySystemCount, "archs") > 0);  // the sample is never empty

    const StudyTable* ablations = r.table("ablations");
    QVERIFY(ablations);
    const std::size_t variants = 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1;  // baseline, 2 memory modes, 5 toggles, combined
    QCOMPARE(ablations->rows.size(), 2 * variants);
    QCOMPARE(ablations->text(0, "ablation"), std::string("baseline (project hardware)"));
    QCOMPARE(ablations->number(0, "latency_delta"), 0.0);
    QCOMPARE(ablations->text(variants, "set"), std::string("sampled"));
    QCOMPARE(r.plots.size(), std::size_t(3));
    QCOMPARE(r.plots[2].categories.size(), variants);  // one bar group per ablation row
    QVERIFY(!r.headlines.empty());
    QCOMPARE(r.headlines[0].seed, 21.9);
    QVERIFY(!r.provenance.projectHash.empty());
    QCOMPARE(r.provenance.seeds, std::vector<std::uint64_t>{1});
  }

  void npuOnlyRowsAreZeroAndHeteroNeverWorseOnLatency() {
    const StudyTable& t = *m_system.study.table("systems");
    for (std::size_t row = 0; row + 1 < t.rows.size(); ++row) {
      const std::string system = t.text(row, "system");
      if (t.number(row, "archs") == 0) continue;
      if (system == "NPU only") {
        for (const char* c : {"latency_reduction_avg", "latency_reduction_best", "period_reduction_avg",
                              "energy_reduction_avg", "energy_reduction_best"})
          QCOMPARE(t.number(row, c), 0.0);
      }
      if (system == "NPU+CIM") {
        // The exact assignment under the latency objective may keep every layer on the NPU.
        QVERIFY2(t.number(row, "latency_reduction_avg") >= -1e-9, t.text(row, "set").c_str());
        QVERIFY(t.number(row, "latency_reduction_best") >= t.number(row, "latency_reduction_avg"));
      }
    }
  }

  void computeUnitsOneUnitIsZeroAndMoreUnitsNeverSlower() {
    const Ran ran = runStudy(m_project, quick("compute-units"));
    QCOMPARE(ran.result.status, JobStatus::Finished);
    const StudyTable* t = ran.study.table("compute_units");
    QVERIFY(t);
    QCOMPARE(t->rows.size(), std::size_t(3 * 4 + 1));  // found, sampled, re-searched per setting; seed row
    double previous = -1e300;
    for (std::size_t row = 0; row + 1 < t->rows.size(); ++row) {
      const double units = t->number(row, "units_per_macro");
      if (units == 1) {
        const bool researched = t->text(row, "archs") == "re-searched";  // compares best designs only
        QCOMPARE(t->number(row, researched ? "speed_up_best" : "speed_up_avg"), 0.0);
        QCOMPARE(t->number(row, researched ? "energy_improvement_best" : "energy_improvement_avg"), 0.0);
      }
      if (t->text(row, "archs") != "sampled") continue;
      // Same archs, more units: every layer's CIM cost is no higher, so the optimum is no slower.
      QVERIFY2(t->number(row, "speed_up_avg") >= previous - 1e-9, std::to_string(units).c_str());
      QVERIFY(t->number(row, "count") > 0);
      previous = t->number(row, "speed_up_avg");
    }
    QCOMPARE(t->number(t->rows.size() - 1, "speed_up_avg"), 10.1);
  }

  void sameProjectSeedAndSettingsGiveTheSameTables() {
    const Ran again = runStudy(m_project, quick("system"));
    QCOMPARE(again.study.tables.size(), m_system.study.tables.size());
    for (std::size_t i = 0; i < again.study.tables.size(); ++i)
      QVERIFY2(again.study.tables[i] == m_system.study.tables[i], again.study.tables[i].name.c_str());
    QVERIFY(again.study.headlines == m_system.study.headlines);
    const Ran otherSeed = runStudy(m_project, [] {
      StudySettings s = quick("system");
      s.baseSeed = 7;
      return s;
    }());
    QVERIFY(!(otherSeed.study.tables[0] == m_system.study.tables[0]));  // the sample moved
  }

  void snapshotsArriveAsRowsComplete() {
    QVERIFY(m_system.snapshots >= 3);
    std::vector<std::size_t> rows;
    runStudy(m_project, quick("system"), [&rows](const StudyResult& s, CancelToken&) {
      rows.push_back(s.tables.empty() ? 0 : s.tables[0].rows.size());
    });
    QCOMPARE(rows.front(), std::size_t(kStudySystemCount));  // the found set's rows came first
    QVERIFY(std::is_sorted(rows.begin(), rows.end()));
  }

  void cancelAfterTheFirstRowsLeavesNoFolderNorRecord() {
    const std::string before = test::fileText(m_path);
    const Ran ran = runStudy(m_project, quick("system"), [](const StudyResult& s, CancelToken& cancel) {
      if (!s.tables.empty() && !s.tables[0].rows.empty()) cancel.cancel();
    });
    QCOMPARE(ran.result.status, JobStatus::Cancelled);
    QVERIFY(!ran.study.tables.empty());  // the partial result is kept for the caller
    Project project = reload();
    const std::string dir = m_dir.filePath("cancelled").toStdString();
    const StudyOutput out = saveStudy(project, ran.study, ran.result.status, dir, nullptr);
    QVERIFY(!out.saved);
    QVERIFY(!fs::exists(dir));
    QCOMPARE(test::fileText(m_path), before);
    QVERIFY(project.results.studies.empty());
  }

  void finishedStudyWritesItsFolderAndRecord() {
    Project project = reload();
    const std::string dir = m_dir.filePath("system-study").toStdString();
    const StudyOutput out = saveStudy(project, m_system.study, JobStatus::Finished, dir, nullptr);
    QVERIFY(out.saved);
    QCOMPARE(out.folder, std::string("system-study"));  // relative to the project's folder
    for (const char* f : {"study.md", "systems.csv", "ablations.csv"}) QVERIFY2(fs::exists(fs::path(dir) / f), f);
    const std::string md = test::fileText(dir + "/study.md");
    QVERIFY(md.find(m_system.study.provenance.projectHash) != std::string::npos);
    QVERIFY(md.find("21.9") != std::string::npos);  // the seed's figure beside ours
    QVERIFY(md.find(studyCodeVersion()) != std::string::npos);

    // The CSV parses back to the table: same header, same numbers.
    const StudyTable& t = *m_system.study.table("systems");
    std::istringstream csv(test::fileText(dir + "/systems.csv"));
    std::string line, problem;
    std::vector<std::string> fields;
    QVERIFY(std::getline(csv, line));
    QVERIFY(splitCsvRecord(line, fields, problem));
    QCOMPARE(fields.size(), t.columns.size());
    QCOMPARE(fields[3], std::string("latency [ms]"));
    for (std::size_t row = 0; row < t.rows.size(); ++row) {
      QVERIFY(std::getline(csv, line));
      QVERIFY2(splitCsvRecord(line, fields, problem), problem.c_str());
      QCOMPARE(fields[1], t.text(row, "system"));
      const double latency = t.number(row, "latency");
      if (std::isnan(latency)) QVERIFY(fields[3].empty());
      else QCOMPARE(std::stod(fields[3]), latency);
    }

    // Stored in the file, and never written over.
    const Project saved = reload();
    QCOMPARE(saved.results.studies.size(), std::size_t(1));
    QCOMPARE(saved.results.studies[0].study, std::string("system"));
    QCOMPARE(saved.results.studies[0].headlines, m_system.study.headlines);
    QVERIFY_THROWS_EXCEPTION(InputError, saveStudy(project, m_system.study, JobStatus::Finished, dir, nullptr));
  }

  void failedFolderWriteLeavesNothing() {
    const std::string dir = m_dir.filePath("failed").toStdString();
    FailingPlotter plotter;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, writeStudyFolder(m_system.study, dir, &plotter));
    QVERIFY(!fs::exists(dir));
    for (const auto& entry : fs::directory_iterator(m_dir.path().toStdString()))
      QVERIFY2(entry.path().filename().string().find(".failed.tmp") != 0, entry.path().c_str());
  }

  void studiesRoundTripWithUnknownFields() {
    nlohmann::json doc = test::tinyProject(64, 1);
    StudyRecord record = studyRecordOf(m_system.study, "studies/x", "finished");
    nlohmann::json row = record.toJson();
    row["from_a_newer_build"] = {{"kept", true}};
    doc["results"]["studies"] = nlohmann::json::array({row});
    const std::string path = test::writeProject(m_dir, "round.h4h", doc).toStdString();
    Project p = loadProjectOrThrow(path);
    QCOMPARE(p.results.studies.size(), std::size_t(1));
    QCOMPARE(p.results.studies[0].settings, m_system.study.settings);
    QCOMPARE(p.results.studies[0].unknown["from_a_newer_build"]["kept"], nlohmann::json(true));
    saveProject(p, path);
    const nlohmann::json written = nlohmann::json::parse(test::fileText(path));
    QCOMPARE(written["results"]["studies"][0]["from_a_newer_build"]["kept"], nlohmann::json(true));
    QCOMPARE(loadProjectOrThrow(path).results.studies, p.results.studies);
  }

  void badStudyRecordsNameTheirPath() {
    nlohmann::json doc = test::tinyProject(64, 1);
    nlohmann::json row = studyRecordOf(m_system.study, "studies/x", "finished").toJson();
    row["folder"] = 5;
    row["status"] = "halfway";
    row["settings"]["seeds"] = 0;
    doc["results"]["studies"] = nlohmann::json::array({row});
    const ProjectLoad load = parseProjectText(doc.dump(), "bad.h4h");
    QVERIFY(!load.project);
    const std::string errors = load.errors.joined();
    QVERIFY2(errors.find("results.studies[0].folder: must be a string") != std::string::npos, errors.c_str());
    QVERIFY2(errors.find("results.studies[0].status") != std::string::npos, errors.c_str());
    QVERIFY2(errors.find("results.studies[0].settings.seeds") != std::string::npos, errors.c_str());
  }

  void unknownStudyAndBadSettingsAreInputErrors() {
    try {
      StudyJob job(m_project, quick("no-such-study"));
      QFAIL("an unknown study was accepted");
    } catch (const InputError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("unknown study \"no-such-study\"") != std::string::npos, what.c_str());
      QVERIFY2(what.find("system, compute-units") != std::string::npos, what.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(InputError, StudyJob(m_project, quick("system", 0)));
  }

  void histogramBinsCountEverySample() {
    StudyPlot p;
    p.kind = StudyPlotKind::Histogram;
    p.bins = 4;
    p.series = {{"a", {}, {0.0, 0.1, 0.5, 1.0}}, {"b", {}, {1.0, std::nan("")}}};
    const StudyHistogram h = studyHistogramBins(p);
    QCOMPARE(h.edges.size(), std::size_t(5));
    QCOMPARE(h.edges.front(), 0.0);
    QCOMPARE(h.edges.back(), 1.0);
    QCOMPARE(h.counts[0], (std::vector<int>{2, 0, 1, 1}));  // the maximum falls in the last bin
    QCOMPARE(h.counts[1], (std::vector<int>{0, 0, 0, 1}));  // NaN is not a sample
  }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "test_study.moc"
