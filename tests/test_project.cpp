// Project files: round trip, unknown fields, atomic saves, a corpus of bad files, and file
// integrity (Save As carries the side folder, locks and merges, links, mode, read-only).

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project/project_io.h"
#include "study/study_record.h"
#include "project/project_json.h"
#include "project/project_search_state.h"
#include "support/test_paths.h"
#include "util/json_parse.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

Json demoJson() { return Json::parse(test::fileText(test::projectPath("demo.h4h"))); }

std::string errorsOf(const ProjectLoad& load) { return load.errors.joined(); }

/// A run record naming its checkpoint (what a save-as rebases).
RunRecord runAt(const std::string& id, const std::string& checkpoint) {
  RunRecord run;
  run.id = id;
  run.checkpoint = checkpoint;
  return run;
}

}  // namespace

class TestProject : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  std::string tempPath(const std::string& name) const {
    return (fs::path(m_dir.path().toStdString()) / name).string();
  }
  static void addRejectedColumns() {
    QTest::addColumn<QString>("pointer");  // JSON pointer to change
    QTest::addColumn<QString>("value");    // JSON text, or "<remove>"
    QTest::addColumn<QString>("expected"); // text the error must contain
  }
  /// Sets the row's `pointer` of `doc` to `value` (or removes it) and checks the load
  /// fails with `expected` among its errors.
  static void expectRejected(Json doc) {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    Json::json_pointer ptr(pointer.toStdString());
    if (value != "<remove>") {
      doc[ptr] = Json::parse(value.toStdString());
    } else {
      Json& parent = doc.at(ptr.parent_pointer());
      if (parent.is_array()) parent.erase(std::stoul(ptr.back()));
      else parent.erase(ptr.back());
    }
    ProjectLoad load = parseProjectText(doc.dump(), "");
    QVERIFY2(!load.project, "a bad document loaded");
    QVERIFY2(errorsOf(load).find(expected.toStdString()) != std::string::npos,
             ("expected '" + expected.toStdString() + "' in: " + errorsOf(load)).c_str());
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
    p.results.runs.push_back(runAt("train-1", "p.h4h.d/runs/train-1/supernet.pt"));
    p.results.runs.back().epochs.resize(2);
    p.results.runs.back().unknown["x_note"] = "kept";
    const std::string first = tempPath("first.h4h");
    saveProject(p, first);
    Project q = loadProjectOrThrow(first);
    QCOMPARE(projectToJson(q), projectToJson(p));
    QCOMPARE(q.results, p.results);
    QCOMPARE(q.training.recipe, p.training.recipe);
    // Saving the reloaded project gives byte-identical text (deterministic output).
    const std::string second = tempPath("second.h4h");
    saveProject(q, second);
    QCOMPARE(test::fileText(second), test::fileText(first));
  }

  void unknownFieldsAreKept() {
    Json doc = demoJson();
    doc["x_plugin"] = Json{{"note", "kept"}};
    doc["training"]["x_custom"] = 42;
    const std::string path = tempPath("unknown.h4h");
    writeText(path, doc.dump(2));
    Project p = loadProjectOrThrow(path);
    saveProject(p, path);
    Json back = Json::parse(test::fileText(path));
    QCOMPARE(back["x_plugin"]["note"].get<std::string>(), std::string("kept"));
    QCOMPARE(back["training"]["x_custom"].get<int>(), 42);
  }

  /// A field an older version held is read into its replacement and not kept beside it
  /// (the saved file must load again: the fuzzer found this).
  void supersededFieldsAreMigrated() {
    Json doc = demoJson();
    doc["hardware"]["npu"] = Json{{"act_matmul_row_by_row", true}};
    const ProjectLoad load = parseProjectText(doc.dump(), "");
    QVERIFY(load.project);
    QVERIFY(load.project->hardware.npu.actMatmul == ActMatmul::RowByRowPessimistic);
    const Json saved = projectToJson(*load.project);
    QVERIFY(!saved["hardware"]["npu"].contains("act_matmul_row_by_row"));
    QCOMPARE(saved["hardware"]["npu"]["act_matmul"].get<std::string>(), std::string("row_by_row_pessimistic"));
    const ProjectLoad again = parseProjectText(saved.dump(), "");
    QVERIFY(again.project);
    QVERIFY(again.project->hardware.npu == load.project->hardware.npu);
  }

  void saveIsAtomicAndLeavesNoTempFiles() {
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    const std::string path = tempPath("atomic.h4h");
    saveProject(p, path);
    const std::string before = test::fileText(path);
    // A save into a missing folder fails and leaves the old file intact.
    Project copy = p;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, saveProject(copy, tempPath("missing/dir/x.h4h")));
    QCOMPARE(test::fileText(path), before);
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
    addRejectedColumns();
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
  void badDocuments() { expectRejected(demoJson()); }

  // A trained project (two runs as `h4h train` wrote them) with one field of a run broken.
  void badRunRecords_data() {
    addRejectedColumns();
    QTest::newRow("epoch loss text") << "/results/runs/1/epochs/0/loss" << "\"x\""
                                     << "results.runs[1].epochs[0].loss: must be a number, not a string (\"x\")";
    QTest::newRow("status unknown") << "/results/runs/0/status" << "\"done\""
                                    << "results.runs[0].status: must be one of running, finished, cancelled, failed";
    QTest::newRow("id missing") << "/results/runs/0/id" << "<remove>" << "results.runs[0].id: is required";
    QTest::newRow("id number") << "/results/runs/0/id" << "3" << "results.runs[0].id: must be a string";
    QTest::newRow("run not object") << "/results/runs/0" << "\"train-1\"" << "results.runs[0]: must be an object";
    QTest::newRow("epochs object") << "/results/runs/0/epochs" << "{}" << "results.runs[0].epochs: must be an array";
    QTest::newRow("epoch number") << "/results/runs/0/epochs/1" << "5" << "results.runs[0].epochs[1]: must be an object";
    QTest::newRow("top-1 above 1") << "/results/runs/0/epochs/1/max_top1" << "1.5" << "results.runs[0].epochs[1].max_top1: must be in [0, 1]";
    QTest::newRow("epoch fraction") << "/results/runs/0/epochs/0/epoch" << "1.5" << "results.runs[0].epochs[0].epoch: must be an integer";
    QTest::newRow("step negative") << "/results/runs/0/steps/step/2" << "-1" << "results.runs[0].steps.step[2]: must be a step index";
    QTest::newRow("steps text") << "/results/runs/0/steps/step" << "\"many\"" << "results.runs[0].steps.step: must be an array";
    QTest::newRow("loss short") << "/results/runs/0/steps/loss/7" << "<remove>"
                                << "results.runs[0].steps.loss: must have one value per point of results.runs[0].steps.step (8)";
    QTest::newRow("lr null") << "/results/runs/0/steps/lr/0" << "null" << "results.runs[0].steps.lr[0]: must be a number";
    QTest::newRow("every zero") << "/results/runs/0/steps/every" << "0" << "results.runs[0].steps.every: must be in";
    QTest::newRow("pending count text") << "/results/runs/0/steps/pending/count" << "\"x\"" << "results.runs[0].steps.pending.count: must be an integer";
    QTest::newRow("steps array") << "/results/runs/0/steps" << "[]" << "results.runs[0].steps: must be an object";
    QTest::newRow("phase epochs text") << "/results/runs/0/phases/1/epochs" << "\"two\"" << "results.runs[0].phases[1].epochs: must be an integer";
    QTest::newRow("phase flag text") << "/results/runs/0/phases/0/cnn_only" << "\"yes\"" << "results.runs[0].phases[0].cnn_only: must be true or false";
    QTest::newRow("settings text") << "/results/runs/0/settings" << "\"fast\"" << "results.runs[0].settings: must be an object";
    QTest::newRow("checkpoint number") << "/results/runs/0/checkpoint" << "7" << "results.runs[0].checkpoint: must be a string";
    QTest::newRow("wall negative") << "/results/runs/0/wall_s" << "-1" << "results.runs[0].wall_s: must be in";
    QTest::newRow("images huge") << "/results/runs/0/images" << "1e300" << "results.runs[0].images: must be";
    QTest::newRow("epochs_done fraction") << "/results/runs/0/epochs_done" << "2.5" << "results.runs[0].epochs_done: must be an integer";
    QTest::newRow("seed negative") << "/results/runs/0/seed" << "-4" << "results.runs[0].seed: must be in";
  }
  void badRunRecords() { expectRejected(Json::parse(test::fileText(test::trainedProjectPath()))); }

  void manyBadStepsGiveAShortReport() {
    Json doc = Json::parse(test::fileText(test::trainedProjectPath()));
    doc["results"]["runs"][0]["steps"]["loss"] = Json::array();
    for (int i = 0; i < 100000; ++i) doc["results"]["runs"][0]["steps"]["loss"].push_back("x");
    const ProjectLoad load = parseProjectText(doc.dump(), "");
    QVERIFY(!load.project);
    QVERIFY(load.errors.size() >= 100000);
    QVERIFY(load.errors.joined().size() < 20000);
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
    const std::string demo = test::fileText(test::projectPath("demo.h4h"));
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

  // ---- file integrity: Save As carries the side folder, writers do not lose each
  // other's results, saves keep links, mode and owner and refuse read-only files.

  void saveAsCarriesTheSideFolder() {
    const std::string dir = tempPath("carry");
    fs::create_directories(dir + "/out");
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    const std::string src = dir + "/p.h4h";
    saveProject(p, src);
    fs::create_directories(src + ".d/runs/train-2");
    writeText(src + ".d/supernet.pt", std::string(3 << 20, 'w'));  // several copy chunks
    writeText(src + ".d/runs/train-2/last.pt", "run two");
    p.results.runs = {runAt("train-1", "p.h4h.d/supernet.pt"), runAt("train-2", "p.h4h.d/runs/train-2/last.pt"),
                      runAt("train-3", src + ".d/supernet.pt")};
    // A study's folder in the side folder follows the file like a checkpoint.
    fs::create_directories(src + ".d/studies/system-1");
    writeText(src + ".d/studies/system-1/study.md", "# study");
    StudyRecord study;
    study.study = "system";
    study.status = "finished";
    study.folder = "p.h4h.d/studies/system-1";
    p.results.studies = {study};
    saveProject(p, src);
    int calls = 0;
    const FolderCopy copy = saveProjectAs(p, dir + "/out/copy.h4h", [&](std::uint64_t, std::uint64_t) {
      ++calls;
      return true;
    });
    QVERIFY(copy.copied());
    QCOMPARE(copy.files, std::uint64_t{3});
    QVERIFY(calls >= 3);
    QCOMPARE(test::fileText(dir + "/out/copy.h4h.d/supernet.pt"), test::fileText(src + ".d/supernet.pt"));
    QCOMPARE(test::fileText(dir + "/out/copy.h4h.d/runs/train-2/last.pt"), std::string("run two"));
    const Project back = loadProjectOrThrow(dir + "/out/copy.h4h");
    QCOMPARE(back.results.runs[0].checkpoint.value_or(""), std::string("copy.h4h.d/supernet.pt"));
    QCOMPARE(back.results.runs[1].checkpoint.value_or(""), std::string("copy.h4h.d/runs/train-2/last.pt"));
    QCOMPARE(back.results.runs[2].checkpoint.value_or(""), dir + "/out/copy.h4h.d/supernet.pt");
    for (const auto& run : back.results.runs) QVERIFY(fs::exists(back.resolvePath(run.checkpoint.value_or(""))));
    QCOMPARE(back.results.studies.at(0).folder, std::string("copy.h4h.d/studies/system-1"));
    QVERIFY(fs::exists(back.resolvePath(back.results.studies.at(0).folder) + "/study.md"));
    QVERIFY(fs::exists(src + ".d/supernet.pt"));  // the original keeps its own
    for (const auto& e : fs::directory_iterator(dir + "/out"))
      QVERIFY2(e.path().filename().string()[0] != '.' ||
                   e.path().filename().string().find(".copy-") == std::string::npos,
               e.path().c_str());
  }

  void saveAsKeepsAnExistingSideFolderAside() {
    const std::string dir = tempPath("aside");
    fs::create_directories(dir);
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(p, dir + "/p.h4h");
    fs::create_directories(dir + "/p.h4h.d");
    writeText(dir + "/p.h4h.d/supernet.pt", "new weights");
    fs::create_directories(dir + "/q.h4h.d");
    writeText(dir + "/q.h4h.d/supernet.pt", "old weights");
    const FolderCopy copy = saveProjectAs(p, dir + "/q.h4h");
    QVERIFY(!copy.movedAside.empty());
    QCOMPARE(test::fileText(dir + "/q.h4h.d/supernet.pt"), std::string("new weights"));
    QCOMPARE(test::fileText(copy.movedAside + "/supernet.pt"), std::string("old weights"));
  }

  void cancelledCopyLeavesNothing() {
    const std::string dir = tempPath("cancel");
    fs::create_directories(dir);
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(p, dir + "/p.h4h");
    fs::create_directories(dir + "/p.h4h.d");
    writeText(dir + "/p.h4h.d/supernet.pt", std::string(3 << 20, 'w'));
    bool thrown = false;
    try {
      saveProjectAs(p, dir + "/c.h4h", [](std::uint64_t done, std::uint64_t) { return done == 0; });
    } catch (const OperationCancelled&) {
      thrown = true;
    }
    QVERIFY(thrown);
    QVERIFY(!fs::exists(dir + "/c.h4h"));
    QVERIFY(!fs::exists(dir + "/c.h4h.d"));
    for (const auto& e : fs::directory_iterator(dir))
      QVERIFY2(e.path().filename().string().find(".copy-") == std::string::npos, e.path().c_str());
    QCOMPARE(p.filePath, dir + "/p.h4h");
  }

  void saveAsWithoutSideFolderPointsBack() {
    const std::string dir = tempPath("back");
    fs::create_directories(dir + "/a");
    fs::create_directories(dir + "/b");
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    p.results.runs = {runAt("train-1", "p.h4h.d/supernet.pt")};
    saveProject(p, dir + "/a/p.h4h");
    fs::create_directories(dir + "/b/p.h4h.d");  // a stale folder of the file being replaced
    writeText(dir + "/b/p.h4h.d/supernet.pt", "stale weights");
    const FolderCopy copy = saveProjectAs(p, dir + "/b/p.h4h");
    QVERIFY(!copy.copied());
    QVERIFY(!fs::exists(dir + "/b/p.h4h.d"));  // its weights never pass for this project's
    QCOMPARE(test::fileText(copy.movedAside + "/supernet.pt"), std::string("stale weights"));
    QCOMPARE(p.results.runs[0].checkpoint.value_or(""), std::string("../a/p.h4h.d/supernet.pt"));
  }

  void saveRefusesAFileChangedOnDisk() {
    const std::string path = tempPath("changed.h4h");
    Project base = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(base, path);
    Project mine = loadProjectOrThrow(path);
    Project theirs = loadProjectOrThrow(path);
    theirs.results.selected = "theirs";
    saveProject(theirs, path);
    mine.description = "mine";
    QVERIFY_THROWS_EXCEPTION(ProjectChangedOnDisk, saveProject(mine, path));
    QCOMPARE(loadProjectOrThrow(path).results.selected, std::string("theirs"));
    // An identical rewrite (same content, new inode and mtime) is no change.
    Project again = loadProjectOrThrow(path);
    writeText(path + ".same", test::fileText(path));
    fs::rename(path + ".same", path);
    again.description = "again";
    saveProject(again, path);
    // Saving under another name is always allowed; so is an overwrite the user confirmed.
    saveProject(mine, tempPath("changed-mine.h4h"));
    Project stale = loadProjectOrThrow(tempPath("changed-mine.h4h"));
    Project other = stale;
    saveProject(other, tempPath("changed-mine.h4h"));  // same content: still fine
    other.description = "other";
    saveProject(other, tempPath("changed-mine.h4h"));
    QVERIFY_THROWS_EXCEPTION(ProjectChangedOnDisk, saveProject(stale, tempPath("changed-mine.h4h")));
    SaveOptions force;
    force.overwriteChanged = true;
    saveProject(stale, tempPath("changed-mine.h4h"), force);
    QCOMPARE(loadProjectOrThrow(tempPath("changed-mine.h4h")).description, std::string("mine"));
  }

  /// A version-1 file's results.search_state loads as it is and the next save moves it
  /// into a log in the side folder, results.search naming it; Save As carries it along.
  void versionOneSearchStateMovesToTheSideFolder() {
    SearchState state;
    state.header.settings = Json{{"seed", 7}};
    state.header.space = Json{{"stages", Json::array()}};
    state.header.reference = {1.0, 2.0};
    state.header.ideal = {0.0, 0.0};
    state.cache = {{"r32_a", ArchMetrics::fromJson(Json{{"latency_ms", 1.5}, {"energy_mj", 0.25}})},
                   {"r32_b", ArchMetrics::fromJson(Json{{"error", "boom"}})}};
    state.engine = Json{{"generation", 0}, {"rng", "x"}, {"population", Json::array()}};
    state.seen = {"r32_a", "r32_b"};
    state.history = Json::array({Json{{"generation", 0}, {"evaluations", 2}}});
    const Json v1 = searchStateToJson(state);

    Json doc = projectToJson(loadProjectOrThrow(test::projectPath("demo.h4h")));
    doc["results"]["search_state"] = v1;
    ProjectLoad load = parseProjectText(doc.dump(), "");
    QVERIFY2(load.project, load.errors.joined().c_str());
    Project p = std::move(*load.project);
    QVERIFY(p.results.searchState && p.results.hasSearchState());
    QCOMPARE(searchStateToJson(*loadSearchState(p)), v1);

    const std::string path = tempPath("v1.h4h");
    saveProject(p, path);
    QVERIFY(!p.results.searchState);
    QCOMPARE(p.results.search.evaluations, 2LL);
    QCOMPARE(p.results.search.generations, 0);
    const Json saved = parseJsonOrThrow(test::fileText(path), path);
    QVERIFY(!saved["results"].contains("search_state"));
    QCOMPARE(saved["results"]["search"]["state"].get<std::string>(), p.results.search.stateFile);
    const Project reloaded = loadProjectOrThrow(path);
    QCOMPARE(searchStateToJson(*loadSearchState(reloaded)), v1);

    Project copy = reloaded;
    fs::create_directories(tempPath("moved"));
    saveProjectAs(copy, tempPath("moved/v1.h4h"));
    QCOMPARE(searchStateToJson(*loadSearchState(loadProjectOrThrow(tempPath("moved/v1.h4h")))), v1);

    Json bad = doc;
    bad["results"]["search_state"]["cache"] = 3;
    ProjectLoad broken = parseProjectText(bad.dump(), "");
    QVERIFY(!broken.project);
    QVERIFY2(broken.errors.joined().find("results.search_state.cache") != std::string::npos,
             broken.errors.joined().c_str());
  }

  void resultUpdatesMerge() {
    const std::string path = tempPath("merge.h4h");
    Project base = loadProjectOrThrow(test::projectPath("demo.h4h"));
    base.results = ProjectResults{};
    saveProject(base, path);
    Project search = loadProjectOrThrow(path);
    Project train = loadProjectOrThrow(path);
    ParetoFront front(1);
    front[0].key = "a";
    for (int step = 1; step <= 3; ++step) {
      updateProjectFile(search, [&](Project& p) {
        p.results.pareto = front;
        p.results.search = SearchSummary{"search/state.log", step, 10LL * step};
      });
      updateProjectFile(train, [&](Project& p) {
        p.results.runs = {runAt("train-1", "p.h4h.d/supernet.pt")};
        p.results.runs[0].epochsDone = step;
      });
    }
    const Project disk = loadProjectOrThrow(path);
    QCOMPARE(disk.results.pareto, front);
    QCOMPARE(disk.results.search.generations, 3);
    QCOMPARE(disk.results.runs.size(), std::size_t{1});
    QCOMPARE(disk.results.runs[0].epochsDone, std::optional<int>(3));
    // The in-memory copies lack the other's results: a whole-document save is refused.
    QVERIFY_THROWS_EXCEPTION(ProjectChangedOnDisk, saveProject(search, path));
    QCOMPARE(loadProjectOrThrow(path).results.runs.size(), std::size_t{1});
  }

  void jobLockRefusesASecondJob() {
    const std::string path = tempPath("locked.h4h");
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(p, path);
    {
      const FileLock first = lockProjectJob(path, "search");
      QVERIFY(first.held());
      bool refused = false;
      try {
        lockProjectJob(path, "search");
      } catch (const InputError& e) {
        refused = true;
        const std::string what = e.what();
        QVERIFY2(what.find(path) != std::string::npos, e.what());
        QVERIFY2(what.find("pid " + std::to_string(::getpid())) != std::string::npos, e.what());
      }
      QVERIFY(refused);
      const FileLock other = lockProjectJob(path, "train");  // another kind may run beside it
      QVERIFY(other.held());
    }
    const FileLock again = lockProjectJob(path, "search");  // released with its holder
    QVERIFY(again.held());
  }

  void saveWritesThroughASymlink() {
    const std::string dir = tempPath("link");
    fs::create_directories(dir + "/real");
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(p, dir + "/real/p.h4h");
    fs::create_symlink("real/p.h4h", dir + "/p.h4h");
    Project viaLink = loadProjectOrThrow(dir + "/p.h4h");
    viaLink.description = "through the link";
    saveProject(viaLink, dir + "/p.h4h");
    QVERIFY(fs::is_symlink(dir + "/p.h4h"));
    QCOMPARE(loadProjectOrThrow(dir + "/real/p.h4h").description, std::string("through the link"));
    updateProjectFile(viaLink, [](Project& q) { q.results.selected = "k"; });
    QVERIFY(fs::is_symlink(dir + "/p.h4h"));
    QCOMPARE(loadProjectOrThrow(dir + "/real/p.h4h").results.selected, std::string("k"));
  }

  void saveKeepsModeAndOwner() {
    const std::string path = tempPath("private.h4h");
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(p, path);
    QVERIFY(::chmod(path.c_str(), 0600) == 0);
    const bool root = ::geteuid() == 0;
    if (root) QVERIFY(::chown(path.c_str(), 4321, 4322) == 0);
    p.description = "private";
    saveProject(p, path);
    struct stat st {};
    QVERIFY(::stat(path.c_str(), &st) == 0);
    QCOMPARE(st.st_mode & 07777, mode_t{0600});
    if (root) {
      QCOMPARE(st.st_uid, uid_t{4321});
      QCOMPARE(st.st_gid, gid_t{4322});
    }
    QCOMPARE(loadProjectOrThrow(path).description, std::string("private"));
  }

  void readOnlyIsRefused() {
    const std::string path = tempPath("readonly.h4h");
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(p, path);
    QVERIFY(::chmod(path.c_str(), 0444) == 0);
    const std::string before = test::fileText(path);
    p.description = "changed";
    bool refused = false;
    try {
      saveProject(p, path);
    } catch (const InputError& e) {
      refused = std::string(e.what()).find("read-only") != std::string::npos;
    }
    QVERIFY(refused);
    QCOMPARE(test::fileText(path), before);
    QVERIFY_THROWS_EXCEPTION(InputError, checkProjectWritable(path));
    QVERIFY(::chmod(path.c_str(), 0644) == 0);
    checkProjectWritable(path);
    // A read-only side folder is found before a long job starts.
    fs::create_directories(path + ".d");
    QVERIFY(::chmod((path + ".d").c_str(), 0555) == 0);
    QVERIFY_THROWS_EXCEPTION(InputError, checkProjectWritable(path));
    QVERIFY(::chmod((path + ".d").c_str(), 0755) == 0);
  }

  void fingerprintSeesContent() {
    const std::string path = tempPath("fp.txt");
    writeText(path, "one");
    const FileFingerprint a = fingerprintFile(path);
    QVERIFY(a.exists);
    QCOMPARE(a.size, std::uint64_t{3});
    QVERIFY(a.inode != 0);
    QVERIFY(!fileChangedSince(path, a));
    writeText(path, "two");
    QVERIFY(fileChangedSince(path, a));
    fs::remove(path);
    QVERIFY(!fingerprintFile(path).exists);
    QVERIFY(fileChangedSince(path, a));
  }

  void fullDiskIsReported() {
    // A 64 KiB tmpfs stands in for a full disk (needs root and mount rights; else skipped).
    const std::string mnt = tempPath("full");
    fs::create_directories(mnt);
    if (::geteuid() != 0 || ::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=64k") != 0)
      QSKIP("cannot mount a small tmpfs here");
    struct Unmount {
      std::string path;
      ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{mnt};
    Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    const std::string path = mnt + "/p.h4h";
    saveProject(p, path);
    const std::string before = test::fileText(path);
    p.description = std::string(200 << 10, 'x');
    bool reported = false;
    try {
      saveProject(p, path);
    } catch (const std::runtime_error& e) {
      reported = std::string(e.what()).find("No space left") != std::string::npos;
    }
    QVERIFY(reported);
    QCOMPARE(test::fileText(path), before);
    // A side folder that does not fit is not left half-copied.
    const std::string src = tempPath("big.h4h");
    Project big = loadProjectOrThrow(test::projectPath("demo.h4h"));
    saveProject(big, src);
    fs::create_directories(src + ".d");
    writeText(src + ".d/supernet.pt", std::string(200 << 10, 'w'));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, saveProjectAs(big, mnt + "/big.h4h"));
    QVERIFY(!fs::exists(mnt + "/big.h4h.d"));
    QVERIFY(!fs::exists(mnt + "/big.h4h"));
    for (const auto& e : fs::directory_iterator(mnt))
      QVERIFY2(e.path().filename() == "p.h4h" || e.path().filename() == ".p.h4h.lock", e.path().c_str());
  }
};

QTEST_APPLESS_MAIN(TestProject)
#include "test_project.moc"
