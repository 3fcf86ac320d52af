// study.json, a study's result as data in its folder (core/study/study_result_json.h):
// every field round-trips (NaN as null, text and number cells, every plot kind), bad
// input is reported with the field's path, a newer version is refused, and reading a
// folder names the folder or the file that is wrong.

#include <QtTest>

#include <cmath>
#include <fstream>

#include "study/study_result_json.h"
#include "util/errors.h"

using namespace h4h;

namespace {

StudyResult sample() {
  StudyResult r;
  r.study = "system";
  r.title = "NPU+CIM vs NPU-only";
  r.question = "How much faster?";
  r.method = "Sample and search.";
  r.settings.study = "system";
  r.settings.seeds = 3;
  r.settings.quick = true;
  r.settings.baseSeed = 5;
  StudyTable t;
  t.name = "systems";
  t.title = "Systems";
  t.columns = {{"system", ""}, {"latency", "ms"}, {"gain", "%"}};
  t.rows = {{std::string("NPU only"), 1.25, std::nan("")}, {std::string("NPU+CIM"), 0.1 + 0.2, 21.9}};
  t.notes = {"a note"};
  r.tables.push_back(t);
  for (StudyPlotKind kind : {StudyPlotKind::Bars, StudyPlotKind::Histogram, StudyPlotKind::Scatter, StudyPlotKind::Line}) {
    StudyPlot p;
    p.name = std::string("plot-") + studyPlotKindName(kind);
    p.title = "A plot";
    p.kind = kind;
    p.xLabel = "x";
    p.yLabel = "y [%]";
    p.categories = {"a", "b"};
    p.bins = 7;
    p.series = {{"ours", {1.0, 2.0}, {3.0, std::nan("")}}};
    p.references = {{"seed paper", 21.9}};
    r.plots.push_back(p);
  }
  StudyHeadline h;
  h.name = "latency, best";
  h.value = 30.8;
  h.unit = "%";
  h.seed = 56.1;
  r.headlines.push_back(h);
  r.notes = {"study note"};
  r.provenance.projectPath = "p.h4h";
  r.provenance.projectHash = "00ff";
  r.provenance.codeVersion = "1.0";
  r.provenance.date = "2026-12-06T10:00:00Z";
  r.provenance.seeds = {5, 6, 7};
  r.provenance.wallSeconds = 12.5;
  return r;
}

bool sameSeries(const StudyPlotSeries& a, const StudyPlotSeries& b) {
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i])))) return false;
    return true;
  };
  return a.name == b.name && same(a.x, b.x) && same(a.y, b.y);
}

void writeFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

class TestStudyResultJson : public QObject {
  Q_OBJECT

private slots:
  void everyFieldRoundTrips() {
    const StudyResult r = sample();
    const Json j = studyResultToJson(r);
    QVERIFY(j["tables"][0]["rows"][0][2].is_null());  // NaN as null
    ErrorList errors;
    const StudyResult back = studyResultFromJson(Json::parse(j.dump()), "", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    QCOMPARE(back.study, r.study);
    QCOMPARE(back.title, r.title);
    QCOMPARE(back.question, r.question);
    QCOMPARE(back.method, r.method);
    QVERIFY(back.settings == r.settings);
    QCOMPARE(back.tables.size(), r.tables.size());
    QVERIFY(back.tables[0] == r.tables[0]);
    QCOMPARE(std::get<double>(back.tables[0].rows[1][1]), 0.1 + 0.2);  // full precision
    QCOMPARE(back.plots.size(), r.plots.size());
    for (std::size_t i = 0; i < r.plots.size(); ++i) {
      const StudyPlot &a = back.plots[i], &b = r.plots[i];
      QCOMPARE(a.name, b.name);
      QCOMPARE(int(a.kind), int(b.kind));
      QCOMPARE(a.xLabel, b.xLabel);
      QCOMPARE(a.yLabel, b.yLabel);
      QCOMPARE(a.categories, b.categories);
      QCOMPARE(a.bins, b.bins);
      QCOMPARE(a.series.size(), b.series.size());
      QVERIFY(sameSeries(a.series[0], b.series[0]));
      QCOMPARE(a.references.size(), std::size_t(1));
      QCOMPARE(a.references[0].label, b.references[0].label);
      QCOMPARE(a.references[0].y, b.references[0].y);
    }
    QCOMPARE(back.headlines.size(), std::size_t(1));
    QVERIFY(back.headlines[0] == r.headlines[0]);
    QCOMPARE(back.notes, r.notes);
    QCOMPARE(back.provenance.seeds, r.provenance.seeds);
    QCOMPARE(back.provenance.date, r.provenance.date);
    QCOMPARE(back.provenance.wallSeconds, r.provenance.wallSeconds);
    QCOMPARE(studyResultToJson(back), j);  // and writes the same again
  }

  void badFieldsAreNamedWithTheirPath() {
    Json j = studyResultToJson(sample());
    j["tables"][0]["rows"][1][1] = Json::array();
    j["plots"][2]["kind"] = "pie";
    ErrorList errors;
    studyResultFromJson(j, "study.json", errors);
    const std::string text = errors.joined();
    QVERIFY2(text.find("study.json.tables[0].rows[1][1]: must be a number, a string or null") != std::string::npos,
             text.c_str());
    QVERIFY2(text.find("study.json.plots[2].kind") != std::string::npos, text.c_str());
  }

  void aRowOfTheWrongLengthIsReported() {
    Json j = studyResultToJson(sample());
    j["tables"][0]["rows"][0].erase(2);
    ErrorList errors;
    studyResultFromJson(j, "", errors);
    QVERIFY2(errors.joined().find("tables[0].rows[0]: must have one cell per column (3)") != std::string::npos,
             errors.joined().c_str());
  }

  void aNewerVersionIsRefused() {
    Json j = studyResultToJson(sample());
    j["version"] = kStudyResultVersion + 1;
    ErrorList errors;
    studyResultFromJson(j, "", errors);
    QVERIFY2(errors.joined().find("newer") != std::string::npos, errors.joined().c_str());
  }

  void readingAFolderNamesWhatIsWrong() {
    QTemporaryDir dir;
    const std::string missing = dir.filePath("gone").toStdString();
    try {
      readStudyFolder(missing);
      QFAIL("a missing folder was read");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(missing + ": no such study folder") != std::string::npos, e.what());
    }
    const std::string folder = dir.path().toStdString();
    try {
      readStudyFolder(folder);
      QFAIL("a folder without study.json was read");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("study.json") != std::string::npos, e.what());
    }
    writeFile(folder + "/study.json", "{\"format\": \"h4h-study\", \"version\": 1, \"study\": 3}");
    try {
      readStudyFolder(folder);
      QFAIL("a bad study.json was read");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(folder + "/study.json: study") != std::string::npos, e.what());
    }
    writeFile(folder + "/study.json", studyResultToJson(sample()).dump());
    QCOMPARE(readStudyFolder(folder).tables.size(), std::size_t(1));
  }
};

QTEST_MAIN(TestStudyResultJson)
#include "test_study_result_json.moc"
