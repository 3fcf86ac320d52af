// Project files: round trip, unknown fields, atomic saves, and a corpus of bad files.

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "project/project_io.h"
#include "project/project_json.h"
#include "support/test_paths.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

Json demoJson() { return Json::parse(readText(test::projectPath("demo.h4h"))); }

std::string errorsOf(const ProjectLoad& load) { return load.errors.joined(); }

}  // namespace

class TestProject : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  std::string tempPath(const std::string& name) const {
    return (fs::path(m_dir.path().toStdString()) / name).string();
  }

private slots:
  void bundledProjectsLoad_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("demo") << "demo.h4h";
    QTest::newRow("paper") << "paper.h4h";
  }
  void bundledProjectsLoad() {
    QFETCH(QString, file);
    ProjectLoad load = loadProject(test::projectPath(file.toStdString()));
    QVERIFY2(load.project.has_value(), errorsOf(load).c_str());
    QVERIFY(!load.project->space.stages.empty());
    QVERIFY(fs::path(load.project->filePath).is_absolute());
  }

  void roundTripIsExact() {
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    p.results.selected = "some-key";
    p.results.runs.push_back(Json{{"recipe", "vanilla"}, {"epochs", Json::array({1, 2})}});
    const std::string first = tempPath("first.h4h");
    saveProject(p, first);
    Project q = loadProjectOrThrow(first);
    QCOMPARE(projectToJson(q), projectToJson(p));
    QCOMPARE(q.results, p.results);
    QCOMPARE(q.training.recipe, p.training.recipe);
    // Saving the reloaded project gives byte-identical text (deterministic output).
    const std::string second = tempPath("second.h4h");
    saveProject(q, second);
    QCOMPARE(readText(second), readText(first));
  }

  void unknownFieldsAreKept() {
    Json doc = demoJson();
    doc["x_plugin"] = Json{{"note", "kept"}};
    doc["training"]["x_custom"] = 42;
    const std::string path = tempPath("unknown.h4h");
    writeText(path, doc.dump(2));
    Project p = loadProjectOrThrow(path);
    saveProject(p, path);
    Json back = Json::parse(readText(path));
    QCOMPARE(back["x_plugin"]["note"].get<std::string>(), std::string("kept"));
    QCOMPARE(back["training"]["x_custom"].get<int>(), 42);
  }

  void saveIsAtomicAndLeavesNoTempFiles() {
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    const std::string path = tempPath("atomic.h4h");
    saveProject(p, path);
    const std::string before = readText(path);
    // A save into a missing folder fails and leaves the old file intact.
    Project copy = p;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, saveProject(copy, tempPath("missing/dir/x.h4h")));
    QCOMPARE(readText(path), before);
    int files = 0;
    for (const auto& e : fs::directory_iterator(m_dir.path().toStdString())) {
      QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos,
               e.path().c_str());
      ++files;
    }
    QVERIFY(files >= 1);
  }

  void relativePathsFollowTheFile() {
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    const std::string a = tempPath("a/p.h4h");
    fs::create_directories(tempPath("a"));
    fs::create_directories(tempPath("b/c"));
    saveProject(p, a);
    p.hardware.measuredTablePath = "tables/measured.csv";
    const std::string expected = p.resolvePath("tables/measured.csv");
    saveProject(p, tempPath("b/c/p.h4h"));
    QCOMPARE(p.resolvePath(p.hardware.measuredTablePath), expected);
    QCOMPARE(p.hardware.measuredTablePath, std::string("../../a/tables/measured.csv"));
  }

  void newerVersionIsRefused() {
    Json doc = demoJson();
    doc["version"] = 7;
    ProjectLoad load = parseProjectText(doc.dump(), "");
    QVERIFY(!load.project);
    QVERIFY2(errorsOf(load).find("version 7") != std::string::npos, errorsOf(load).c_str());
    QVERIFY(errorsOf(load).find("newer") != std::string::npos);
  }

  void badDocuments_data() {
    QTest::addColumn<QString>("pointer");  // JSON pointer to change; "-" = remove
    QTest::addColumn<QString>("value");    // JSON text, or "<remove>"
    QTest::addColumn<QString>("expected"); // text the error must contain
    QTest::newRow("name wrong type") << "/name" << "12" << "name: must be a string";
    QTest::newRow("name missing") << "/name" << "<remove>" << "name: is required";
    QTest::newRow("format wrong") << "/format" << "\"other\"" << "format: must be";
    QTest::newRow("version missing") << "/version" << "<remove>" << "version: is required";
    QTest::newRow("version string") << "/version" << "\"1\"" << "version: must be an integer";
    QTest::newRow("space missing") << "/space" << "<remove>" << "space";
    QTest::newRow("space not object") << "/space" << "[1,2]" << "space";
    QTest::newRow("epochs negative") << "/training/epochs" << "-3" << "training.epochs: must be in";
    QTest::newRow("lr huge") << "/training/learning_rate" << "1e300" << "training.learning_rate";
    QTest::newRow("recipe unknown") << "/training/recipe" << "\"magic\"" << "training.recipe: must be one of";
    QTest::newRow("stages empty") << "/space/stages" << "[]" << "space.stages";
    QTest::newRow("results runs not array") << "/results/runs" << "{}" << "results.runs: must be an array";
    QTest::newRow("hardware not object") << "/hardware" << "7" << "hardware";
    QTest::newRow("training not object") << "/training" << "\"fast\"" << "training";
  }
  void badDocuments() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    Json doc = demoJson();
    Json::json_pointer ptr(pointer.toStdString());
    if (value == "<remove>") doc.at(ptr.parent_pointer()).erase(ptr.back());
    else doc[ptr] = Json::parse(value.toStdString());
    ProjectLoad load = parseProjectText(doc.dump(), "");
    QVERIFY2(!load.project, "a bad document loaded");
    QVERIFY2(errorsOf(load).find(expected.toStdString()) != std::string::npos,
             ("expected '" + expected.toStdString() + "' in: " + errorsOf(load)).c_str());
  }

  void badFiles_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated") << "truncated" << "not valid JSON at line";
    QTest::newRow("not json") << "notjson" << "not valid JSON";
    QTest::newRow("empty") << "empty" << "not valid JSON";
    QTest::newRow("non-utf8") << "nonutf8" << "not valid JSON";
    QTest::newRow("array document") << "array" << "must be an object";
    QTest::newRow("directory") << "directory" << "is a directory";
    QTest::newRow("missing") << "missing" << "no such file";
    QTest::newRow("unreadable") << "unreadable" << "cannot be read";
  }
  void badFiles() {
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const std::string demo = readText(test::projectPath("demo.h4h"));
    std::string path = tempPath(kind.toStdString() + ".h4h");
    if (kind == "truncated") writeText(path, demo.substr(0, demo.size() / 2));
    else if (kind == "notjson") writeText(path, "this is not a project\n");
    else if (kind == "empty") writeText(path, "");
    else if (kind == "nonutf8") {
      Json doc = Json::parse(demo);
      std::string text = doc.dump();
      const auto pos = text.find("\"name\":\"") + 8;
      text.insert(pos, "\xff\xfe\xc3");
      writeText(path, text);
    } else if (kind == "array") writeText(path, "[1, 2, 3]");
    else if (kind == "directory") fs::create_directories(path);
    else if (kind == "unreadable") {
      if (::geteuid() == 0) {
        path = "/proc/self/mem";  // root reads any mode; this file fails on read instead
      } else {
        writeText(path, demo);
        fs::permissions(path, fs::perms::none);
      }
    }
    ProjectLoad load = loadProject(path);
    QVERIFY(!load.project);
    QVERIFY2(errorsOf(load).find(expected.toStdString()) != std::string::npos,
             ("expected '" + expected.toStdString() + "' in: " + errorsOf(load)).c_str());
  }
};

QTEST_APPLESS_MAIN(TestProject)
#include "test_project.moc"
