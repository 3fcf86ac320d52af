// Typed entries of a project's results (results.pareto, results.schedules): every field
// validated with its path, unknown fields kept, and a load/save round trip that keeps
// the content.
#include <QtTest>

#include <fstream>
#include <sstream>

#include "project/project_io.h"
#include "project/project_json.h"
#include "sched/schedule_record.h"
#include "search/pareto_record.h"
#include "support/test_paths.h"

using namespace h4h;

namespace {

/// A row as a search writes it, with a field this build does not know.
Json measuredRow(const std::string& key, double latencyMs) {
  ArchMetrics m;
  m.latencyMs = latencyMs;
  m.energyMj = 2.5;
  m.periodMs = latencyMs / 3;
  m.paramsM = 1.25;
  m.macsM = 40.5;
  m.mbconvLayers = 6;
  m.vitLayers = 2;
  m.npuLayers = 30;
  m.cimLayers = 11;
  m.npuOnlyLatencyMs = latencyMs * 1.7;
  m.npuOnlyEnergyMj = 3.1;
  m.accuracy = 0.8125;
  Json row = m.toJson();
  row["key"] = key;
  row["feasible"] = true;
  row["x_note"] = Json{{"by", "a plugin"}};
  return row;
}

Json demoWithResults(const char* key, const Json& value) {
  Json doc = Json::parse(test::fileText(test::projectPath("demo.h4h")));
  doc["results"][key] = value;
  return doc;
}
Json demoWithFront(const Json& rows) { return demoWithResults("pareto", rows); }

/// A schedule as `h4h schedule --json` and `h4h run` write it (the golden file).
Json goldenSchedule() { return Json::parse(test::fileText(test::dataDir() + "/golden/paper_schedule_max.json")); }

}  // namespace

class TestResultRecords : public QObject {
  Q_OBJECT

private slots:
  void paretoRowRoundTrip() {
    const Json rows = Json::array({measuredRow("a", 4.0),
                                   Json{{"key", "b"}, {"feasible", false}, {"error", "boom"}}});
    ErrorList errors;
    const ParetoFront front = paretoFrontFromJson(rows, "results.pareto", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    QCOMPARE(front.size(), std::size_t{2});
    QCOMPARE(front[0].key, std::string("a"));
    QCOMPARE(front[0].metrics.latencyMs, 4.0);
    QCOMPARE(front[0].metrics.cimLayers, 11);
    QCOMPARE(front[0].metrics.accuracy, 0.8125);
    QCOMPARE(front[0].unknown["x_note"]["by"].get<std::string>(), std::string("a plugin"));
    QVERIFY(!front[1].metrics.ok && !front[1].feasible);
    QCOMPARE(front[1].metrics.error, std::string("boom"));
    QCOMPARE(paretoFrontToJson(front), rows);
  }

  void badRowsNameTheirField_data() {
    QTest::addColumn<QString>("field");  // field of row 1 to set
    QTest::addColumn<QString>("value");  // JSON text, or "<remove>"
    QTest::addColumn<QString>("expected");
    QTest::newRow("latency text") << "latency_ms" << "\"fast\"" << "results.pareto[1].latency_ms: must be a number";
    QTest::newRow("count fraction") << "vit_layers" << "2.5" << "results.pareto[1].vit_layers: must be an integer";
    QTest::newRow("count negative") << "cim_layers" << "-1" << "results.pareto[1].cim_layers: must be in";
    QTest::newRow("key missing") << "key" << "<remove>" << "results.pareto[1].key: is required";
    QTest::newRow("key number") << "key" << "7" << "results.pareto[1].key: must be a string";
    QTest::newRow("feasible text") << "feasible" << "\"yes\"" << "results.pareto[1].feasible: must be true or false";
    QTest::newRow("accuracy null") << "accuracy" << "null" << "results.pareto[1].accuracy: must be a number";
    QTest::newRow("error number") << "error" << "3" << "results.pareto[1].error: must be a string";
  }
  void badRowsNameTheirField() {
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    Json row = measuredRow("b", 5.0);
    if (value == "<remove>") row.erase(field.toStdString());
    else row[field.toStdString()] = Json::parse(value.toStdString());
    const ProjectLoad load = parseProjectText(demoWithFront(Json::array({measuredRow("a", 4.0), row})).dump(), "");
    QVERIFY2(!load.project, "a bad row loaded");
    const std::string errors = load.errors.joined();
    QVERIFY2(errors.find(expected.toStdString()) != std::string::npos,
             ("expected '" + expected.toStdString() + "' in: " + errors).c_str());
  }

  void frontNotAnArray() {
    const ProjectLoad load = parseProjectText(demoWithFront(Json{{"key", "a"}}).dump(), "");
    QVERIFY(!load.project);
    QVERIFY2(load.errors.joined().find("results.pareto: must be an array") != std::string::npos,
             load.errors.joined().c_str());
  }

  void projectFileKeepsItsFront() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("front.h4h").toStdString();
    const Json rows = Json::array({measuredRow("a", 4.0), measuredRow("b", 3.0)});
    std::ofstream(path) << demoWithFront(rows).dump(2);
    Project p = loadProjectOrThrow(path);
    QCOMPARE(p.results.pareto.size(), std::size_t{2});
    QCOMPARE(p.results.pareto[1].metrics.latencyMs, 3.0);
    QCOMPARE(projectToJson(p)["results"]["pareto"], rows);
    const std::string saved = dir.filePath("saved.h4h").toStdString();
    saveProject(p, saved);
    QCOMPARE(Json::parse(test::fileText(saved))["results"]["pareto"], rows);
  }

  void scheduleRecordRoundTrip() {
    Json schedule = goldenSchedule();
    schedule["x_note"] = "kept";
    ErrorList errors;
    const ScheduleRecords records = scheduleRecordsFromJson(Json::array({schedule}), "results.schedules", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    QCOMPARE(records.size(), std::size_t{1});
    QVERIFY(!records[0].schedule.tasks.empty());
    QCOMPARE(records[0].arch(), schedule["arch"].get<std::string>());
    QCOMPARE(records[0].unknown["x_note"].get<std::string>(), std::string("kept"));
    QCOMPARE(records[0].toJson(), schedule);

    QTemporaryDir dir;
    const std::string path = dir.filePath("scheduled.h4h").toStdString();
    std::ofstream(path) << demoWithResults("schedules", Json::array({schedule})).dump(2);
    Project p = loadProjectOrThrow(path);
    saveProject(p, path);
    QCOMPARE(Json::parse(test::fileText(path))["results"]["schedules"], Json::array({schedule}));
  }

  void badScheduleNamesItsField() {
    Json schedule = goldenSchedule();
    schedule["tasks"][3]["lane"] = "gpu";
    schedule["period_ns"] = "soon";
    const ProjectLoad load = parseProjectText(demoWithResults("schedules", Json::array({schedule})).dump(), "");
    QVERIFY(!load.project);
    const std::string errors = load.errors.joined();
    QVERIFY2(errors.find("results.schedules[0].tasks[3].lane") != std::string::npos, errors.c_str());
    QVERIFY2(errors.find("results.schedules[0].period_ns: must be a number") != std::string::npos, errors.c_str());
    const ProjectLoad notArray = parseProjectText(demoWithResults("schedules", Json{{"arch", "x"}}).dump(), "");
    QVERIFY(!notArray.project);
    QVERIFY2(notArray.errors.joined().find("results.schedules: must be an array") != std::string::npos,
             notArray.errors.joined().c_str());
  }
};

QTEST_GUILESS_MAIN(TestResultRecords)
#include "test_result_records.moc"
