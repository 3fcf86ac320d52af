// Project files: round trip, unknown fields, atomic saves, and a corpus of bad files.

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "project/project_io.h"
#include "project/project_json.h"
#include "support/test_paths.h"
#include "util/json_parse.h"

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

  // Hostile documents: every one ends in errors with a path, never a crash.

  void deepNestingRefusedWhileParsing_data() {
    QTest::addColumn<QString>("shape");
    QTest::newRow("arrays at the root") << "array";
    QTest::newRow("objects in a field") << "object";
  }
  void deepNestingRefusedWhileParsing() {
    QFETCH(QString, shape);
    constexpr std::size_t kDepth = 200000;  // segfaulted every command before the cap
    std::string text;
    if (shape == "array") {
      text = std::string(kDepth, '[') + std::string(kDepth, ']');
    } else {
      std::string deep;
      for (std::size_t i = 0; i < kDepth; ++i) deep += "{\"a\":";
      deep += "1" + std::string(kDepth, '}');
      text = "{\"name\": \"x\", \"notes\": " + deep + "}";
    }
    const ProjectLoad load = parseProjectText(text, "");
    QVERIFY(!load.project);
    const std::string message = errorsOf(load);
    QVERIFY2(message.find("deeper than 256 levels") != std::string::npos, message.c_str());
    if (shape == "object")
      QVERIFY2(message.rfind("notes.a.a.a", 0) == 0, message.c_str());
    QCOMPARE(load.errors.size(), std::size_t(1));
  }

  void depthLimitIsExact() {
    Json out;
    ErrorList errors;
    const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    QVERIFY2(parseJson(ok, out, errors), errors.joined().c_str());
    const std::string deep = "[" + ok + "]";
    QVERIFY(!parseJson(deep, out, errors));
  }

  void numberOutOfRangeNamesItsPath() {
    Json doc = demoJson();
    doc["training"]["epochs"] = 987654321;
    std::string text = doc.dump(2);
    text.replace(text.find("987654321"), 9, "1e400");
    const ProjectLoad load = parseProjectText(text, "");
    QVERIFY(!load.project);
    QCOMPARE(errorsOf(load), std::string("training.epochs: number out of range (1e400)"));
  }

  void duplicateKeysReported() {
    const std::string demo = demoJson().dump(2);
    // Same key twice at the top and inside "training".
    std::string text = "{\"name\": \"first\"," + demo.substr(1);
    const auto training = text.find("\"training\": {") + 13;
    text.insert(training, "\"epochs\": 3, ");
    const ProjectLoad load = parseProjectText(text, "");
    QVERIFY(!load.project);
    const std::string message = errorsOf(load);
    QVERIFY2(message.find("name: key given twice in one object") != std::string::npos, message.c_str());
    QVERIFY2(message.find("training.epochs: key given twice in one object") != std::string::npos,
             message.c_str());
  }

  void manyDuplicatesUnderALongKey() {
    // 200,000 duplicates under a 100 KB key: paths are clipped and only 50 are built.
    const std::string key(100000, 'k');
    std::string text = "{\"" + key + "\": {\"a\": 1";
    for (int i = 0; i < 200000; ++i) text += ",\"a\":1";
    text += "}}";
    Json out;
    ErrorList errors;
    QVERIFY(!parseJson(text, out, errors));
    QCOMPARE(errors.size(), std::size_t(200000));
    QCOMPARE(errors.items().size(), ErrorList::kMaxKept);
    QCOMPARE(errors.items().front().path, key.substr(0, 40) + "....a");
    QCOMPARE(errors.items().front().problem, std::string("key given twice in one object"));
  }

  void parseErrorGivesOneLocation() {
    const ProjectLoad load = parseProjectText("{\n  \"name\": nope\n}", "");
    const std::string message = errorsOf(load);
    QVERIFY2(message.find("line 2, column") != std::string::npos, message.c_str());
    QCOMPARE(message.find("line", message.find("line") + 1), std::string::npos);
  }

  void hugeBadArrayGivesCappedList() {
    // 2 M bad entries: before, 2 M messages (725 MB, 9.5 s). Generated, not in the repo.
    constexpr std::size_t kEntries = 2000000;
    Json doc = demoJson();
    doc["space"]["stages"][0]["widths"] = "PLACEHOLDER";
    std::string text = doc.dump();
    std::string array = "[";
    array.reserve(kEntries * 4 + 2);
    for (std::size_t i = 0; i < kEntries; ++i) array += i ? ",\"w\"" : "\"w\"";
    array += "]";
    text.replace(text.find("\"PLACEHOLDER\""), 13, array);
    const ProjectLoad load = parseProjectText(text, "");
    QVERIFY(!load.project);
    QCOMPARE(load.errors.items().size(), ErrorList::kMaxKept);
    QCOMPARE(load.errors.size(), kEntries);
    const std::string message = errorsOf(load);
    QVERIFY2(message.find("space.stages[0].widths[49]: must be an integer") != std::string::npos,
             message.substr(0, 300).c_str());
    QVERIFY2(message.size() > 20 && message.substr(message.rfind('\n') + 1) ==
                                        "... and " + std::to_string(kEntries - 50) + " more",
             message.substr(message.size() - 100).c_str());
  }

  void specialFilesRefused_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("fifo") << "fifo" << "is not a regular file (a FIFO)";
    QTest::newRow("/dev/zero") << "zero" << "is not a regular file (a character device)";
  }
  void specialFilesRefused() {
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    std::string path = "/dev/zero";
    if (kind == "fifo") {
      path = tempPath("pipe.h4h");
      QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
    }
    const ProjectLoad load = loadProject(path);  // a FIFO without writer must not block
    QVERIFY(!load.project);
    QCOMPARE(errorsOf(load), path + ": " + expected.toStdString());
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
