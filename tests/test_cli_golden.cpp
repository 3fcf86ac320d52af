// Golden files: what the CLI prints for fixed inputs, compared with tests/data/golden/.
// A change that moves any figure fails here; when a model changes on purpose,
// regenerate them (scripts/regen_golden.sh, which sets H4H_REGENERATE_GOLDEN=1) and
// review the diff before committing it.
//
// Numbers are compared with a relative tolerance of 1e-9 (what differs between
// compilers' floating-point contraction, far below any printed model change); every
// other character must match.

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/cli_runner.h"
#include "support/test_paths.h"

namespace {

/// One golden output: the h4h arguments that make it, and where it comes from. In
/// arguments, {out} is a file in a scratch folder and {copy} a scratch copy of
/// `copyProject` (commands that write results into the project run on the copy).
struct GoldenCase {
  const char* file;  ///< name in tests/data/golden/
  QStringList args;
  bool fromStdout;   ///< the output is standard output, not the {out} file
  const char* copyProject = nullptr;
};

const std::vector<GoldenCase>& goldenCases() {
  static const std::vector<GoldenCase> cases = {
      {"paper_search_front.csv",
       {"search", "{copy}", "--objectives", "latency,energy,params", "--generations", "20",
        "--population", "40", "--seed", "7", "--threads", "1", "--quiet", "--csv", "{out}"},
       false, "paper.h4h"},
      {"paper_schedule_max.json",
       {"schedule", "projects/paper.h4h", "--arch", "max", "--frames", "2", "--json", "{out}"}, false},
      {"paper_schedule_min.json",
       {"schedule", "projects/paper.h4h", "--arch", "min", "--frames", "2", "--json", "{out}"}, false},
      {"paper_schedule_sample.txt",
       {"schedule", "projects/paper.h4h", "--sample", "1000", "--seed", "1"}, true},
      {"demo_layers.csv", {"layers", "projects/demo.h4h"}, true},
  };
  return cases;
}

bool regenerating() {
  const char* v = std::getenv("H4H_REGENERATE_GOLDEN");
  return v && std::string(v) == "1";
}

QString goldenPath(const char* file) {
  return QString::fromStdString(h4h::test::dataDir()) + "/golden/" + file;
}

/// A token: a numeric literal or one other character.
struct Token {
  std::string text;
  bool number = false;
  double value = 0.0;
};

std::vector<Token> tokenize(const std::string& line) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    const bool startsNumber = std::isdigit(static_cast<unsigned char>(c)) ||
                              ((c == '-' || c == '+' || c == '.') && i + 1 < line.size() &&
                               (std::isdigit(static_cast<unsigned char>(line[i + 1])) || line[i + 1] == '.'));
    // A digit glued to a word (r224, k3e4, h8m2) is part of the word, not a number.
    const bool inWord = i > 0 && (std::isalpha(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '_');
    if (startsNumber && !inWord) {
      char* end = nullptr;
      const double v = std::strtod(line.c_str() + i, &end);
      const std::size_t len = static_cast<std::size_t>(end - (line.c_str() + i));
      if (len > 0) {
        tokens.push_back({line.substr(i, len), true, v});
        i += len;
        continue;
      }
    }
    tokens.push_back({std::string(1, c), false, 0.0});
    ++i;
  }
  return tokens;
}

bool sameNumber(double a, double b) {
  if (a == b) return true;
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

std::vector<std::string> lines(const QByteArray& bytes) {
  std::vector<std::string> out;
  for (const QByteArray& l : bytes.split('\n')) out.push_back(l.toStdString());
  return out;
}

/// "" when equal within the tolerance; otherwise the first difference, located.
std::string firstDifference(const QByteArray& expected, const QByteArray& actual) {
  const std::vector<std::string> want = lines(expected), got = lines(actual);
  for (std::size_t n = 0; n < std::max(want.size(), got.size()); ++n) {
    const std::string w = n < want.size() ? want[n] : "<end of file>";
    const std::string g = n < got.size() ? got[n] : "<end of file>";
    const std::vector<Token> tw = tokenize(w), tg = tokenize(g);
    bool same = tw.size() == tg.size();
    for (std::size_t t = 0; same && t < tw.size(); ++t)
      same = tw[t].number && tg[t].number ? sameNumber(tw[t].value, tg[t].value) : tw[t].text == tg[t].text;
    if (!same)
      return "line " + std::to_string(n + 1) + "\n  golden: " + w.substr(0, 400) + "\n  now:    " + g.substr(0, 400);
  }
  return {};
}

}  // namespace

class TestCliGolden : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void comparisonToleratesOnlyRounding();
  void matchesGolden_data();
  void matchesGolden();
};

void TestCliGolden::initTestCase() {
  QVERIFY2(QFileInfo::exists(QString::fromStdString(h4h::test::cliPath())),
           "the h4h binary is not built (build the h4h target first)");
  if (regenerating()) QVERIFY(QDir().mkpath(goldenPath("")));
}

void TestCliGolden::comparisonToleratesOnlyRounding() {
  QVERIFY(firstDifference("a,1.5,r224_k3e4\n", "a,1.5000000000001,r224_k3e4\n").empty());
  QVERIFY(!firstDifference("a,1.5\n", "a,1.5001\n").empty());
  QVERIFY(!firstDifference("r224_k3e4\n", "r224_k3e6\n").empty());
  QVERIFY(!firstDifference("x -7.4 %\n", "x -7.5 %\n").empty());
  QVERIFY(!firstDifference("one\ntwo\n", "one\n").empty());
}

void TestCliGolden::matchesGolden_data() {
  QTest::addColumn<int>("index");
  for (std::size_t i = 0; i < goldenCases().size(); ++i)
    QTest::newRow(goldenCases()[i].file) << static_cast<int>(i);
}

void TestCliGolden::matchesGolden() {
  QFETCH(int, index);
  const GoldenCase& c = goldenCases()[static_cast<std::size_t>(index)];
  QTemporaryDir scratch;
  QVERIFY(scratch.isValid());
  const QString out = scratch.filePath("out");
  QString copy;
  if (c.copyProject) {
    copy = scratch.filePath(c.copyProject);
    QVERIFY(QFile::copy(QString::fromStdString(h4h::test::projectPath(c.copyProject)), copy));
  }
  QStringList args;
  for (QString a : c.args) args << a.replace("{out}", out).replace("{copy}", copy);

  const h4h::test::CliRun run = h4h::test::runCli(args, 600000);
  QVERIFY2(run.exitCode == 0, qPrintable("h4h " + args.join(' ') + "\n" + run.err));
  QByteArray actual = run.out.toUtf8();
  if (!c.fromStdout) {
    QFile f(out);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable("no output file from h4h " + args.join(' ')));
    actual = f.readAll();
  }
  QVERIFY2(!actual.isEmpty(), "empty output");

  QFile golden(goldenPath(c.file));
  if (regenerating()) {
    QVERIFY2(golden.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(golden.fileName()));
    QCOMPARE(golden.write(actual), actual.size());
    qInfo("regenerated %s", qPrintable(golden.fileName()));
    return;
  }
  QVERIFY2(golden.open(QIODevice::ReadOnly),
           qPrintable(golden.fileName() + " is missing (scripts/regen_golden.sh makes it)"));
  const std::string diff = firstDifference(golden.readAll(), actual);
  QVERIFY2(diff.empty(), qPrintable(QString::fromStdString(std::string(c.file) + " differs at " + diff +
                                                           "\n(if the change is intended: scripts/regen_golden.sh)")));
}

QTEST_GUILESS_MAIN(TestCliGolden)
#include "test_cli_golden.moc"
