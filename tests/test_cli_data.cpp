// `h4h data export-folder` (issue 23, item 3): Fashion-MNIST written as an image folder,
// bad options exiting 2 with the option named, and `h4h train` on the folder: a corrupt
// JPEG in val/ stops the run naming the file ("fail") or is skipped with a warning that
// names it ("skip"). Tiny space, one thread.

#include <QDirIterator>
#include <QFile>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/tiny_project.h"

using h4h::test::runCli;
using h4h::test::tinyProject;
using h4h::test::writeProject;
using Json = nlohmann::json;

namespace {

int countFiles(const QString& folder, const QString& pattern) {
  int n = 0;
  for (QDirIterator it(folder, {pattern}, QDir::Files, QDirIterator::Subdirectories); it.hasNext(); it.next()) ++n;
  return n;
}

/// The tiny project reading `folder` (ten classes, 28-pixel images shown at 8).
Json folderProject(const QString& folder, const char* badImages) {
  Json p = tinyProject(0, 1);
  p["space"]["classes"] = 10;
  p["data"] = Json{{"dataset", "folder"}, {"path", folder.toStdString()}, {"validation_size", 10},
                   {"batch_size", 16},    {"eval_batch_size", 40},          {"image_size", 8},
                   {"random_crop", true}, {"bad_images", badImages},         {"prefetch", 1}};
  p["training"]["recipe"] = "vanilla";
  p["training"]["epochs"] = 1;
  p["training"]["bn_recalib_batches"] = 1;
  return p;
}

}  // namespace

class TestCliData : public QObject {
  Q_OBJECT

private slots:
  void exportsAFolderPerClass() {
    QTemporaryDir dir;
    const QString out = dir.filePath("fashion");
    const auto run = runCli({"data", "export-folder", "--out", out, "--limit", "30", "--format", "jpeg"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("wrote 30 train and 30 val images in 10 class folders"), qPrintable(run.out));
    QCOMPARE(countFiles(out + "/train", "*.jpg"), 30);
    QCOMPARE(countFiles(out + "/val", "*.jpg"), 30);
    QVERIFY(QDir(out + "/train/9_ankle_boot").exists() || QDir(out + "/train/9_class_9").exists());
  }

  void badOptionsExit2() {
    QTemporaryDir dir;
    const QString out = dir.filePath("x");
    auto run = runCli({"data", "export-folder", "--out", out, "--format", "gif"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--format: must be png or jpeg (gif)"), qPrintable(run.err));
    run = runCli({"data", "export-folder", "--out", dir.path(), "--limit", "1"});
    QCOMPARE(run.exitCode, 0);  // an empty folder is fine
    run = runCli({"data", "export-folder", "--out", dir.path(), "--limit", "1"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--out: exists and is not an empty folder"), qPrintable(run.err));
    run = runCli({"data", "import"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("unknown action \"import\""), qPrintable(run.err));
  }

  void trainingNamesOrSkipsACorruptJpeg() {
    QTemporaryDir dir;
    const QString out = dir.filePath("fashion");
    QCOMPARE(runCli({"data", "export-folder", "--out", out, "--limit", "60", "--format", "jpeg"}).exitCode, 0);
    QDirIterator it(out + "/val", {"*.jpg"}, QDir::Files, QDirIterator::Subdirectories);
    const QString corrupt = it.next();
    QFile file(corrupt);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const QByteArray bytes = file.readAll();
    QVERIFY(file.resize(bytes.size() / 3));  // truncated
    file.close();

    const QString failing = writeProject(dir, "fail.h4h", folderProject(out, "fail"));
    auto run = runCli({"train", failing, "--threads", "1", "--quiet"});
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains(corrupt) && run.err.contains("data.bad_images"), qPrintable(run.err));

    const QString skipping = writeProject(dir, "skip.h4h", folderProject(out, "skip"));
    run = runCli({"train", skipping, "--threads", "1", "--quiet"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains("skipped 1 unreadable image") && run.err.contains(corrupt), qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(TestCliData)
#include "test_cli_data.moc"
