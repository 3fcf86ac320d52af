// Search space JSON, validation (a corpus of invalid spaces and archs), arch keys and
// --arch specs.
#include <QtTest>

#include <QTemporaryDir>

#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "space/arch_key.h"
#include "space/arch_spec.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "space/space_validate.h"
#include "support/test_paths.h"

using namespace h4h;

namespace {

Json projectSpaceJson(const std::string& name) {
  std::ifstream in(test::projectPath(name));
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str())["space"];
}

SearchSpace demoSpace() {
  ErrorList errors;
  SearchSpace s = spaceFromJson(projectSpaceJson("demo.h4h"), "space", errors);
  if (!errors.empty()) qFatal("%s", errors.joined().c_str());
  return s;
}

/// Applies one edit to a document: replace (or add) the value at a JSON pointer, or
/// remove it when `value` is "<remove>".
Json patched(Json doc, const QString& pointer, const QString& value) {
  const Json::json_pointer ptr(pointer.toStdString());
  if (value == "<remove>") {
    Json& parent = doc[ptr.parent_pointer()];
    if (parent.is_array()) parent.erase(std::stoul(ptr.back()));
    else parent.erase(ptr.back());
  }
  else doc[ptr] = Json::parse(value.toStdString());
  return doc;
}

bool containsText(const ErrorList& errors, const std::string& text) {
  return errors.joined().find(text) != std::string::npos;
}

}  // namespace

class TestSpace : public QObject {
  Q_OBJECT

private slots:
  void exampleSpacesValidate_data() {
    QTest::addColumn<QString>("project");
    QTest::newRow("demo") << "demo.h4h";
    QTest::newRow("paper") << "paper.h4h";
  }
  /// The examples load cleanly and their JSON is a fixed point of read -> write.
  void exampleSpacesValidate() {
    QFETCH(QString, project);
    const Json j = projectSpaceJson(project.toStdString());
    ErrorList errors;
    const SearchSpace s = spaceFromJson(j, "space", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    const Json out = spaceToJson(s);
    QCOMPARE(QString::fromStdString(out.dump()), QString::fromStdString(j.dump()));
    ErrorList again;
    const SearchSpace s2 = spaceFromJson(out, "space", again);
    QVERIFY(again.empty());
    QCOMPARE(QString::fromStdString(spaceToJson(s2).dump(2)), QString::fromStdString(out.dump(2)));
  }

  void paperSpaceIsTheIssueSpace() {
    ErrorList errors;
    const SearchSpace s = spaceFromJson(projectSpaceJson("paper.h4h"), "space", errors);
    QCOMPARE(int(s.stages.size()), 7);
    QCOMPARE(s.stem.widths, (std::vector<int>{16, 24}));
    QCOMPARE(s.trainResolutions, (std::vector<int>{192, 224, 256, 288}));
    QCOMPARE(s.deployResolution, 224);
    QVERIFY(!s.fixedDeployResolution);  // each subnet is costed at its own resolution
    QCOMPARE(s.stages[6].widths, (std::vector<int>{208, 216, 224}));
    QCOMPARE(s.stages[4].vitDepths.back(), 8);
    for (int i = 3; i < 7; ++i) QCOMPARE(s.stages[i].vitDepths.front(), 0);
    QCOMPARE(s.head.convExpand, 6);
    QCOMPARE(s.head.featureWidths, (std::vector<int>{1792, 1984}));
  }

  void fixedDeployResolutionRoundTrips() {
    Json j = projectSpaceJson("paper.h4h");
    j["fixed_deploy_resolution"] = true;
    ErrorList errors;
    const SearchSpace s = spaceFromJson(j, "space", errors);
    QVERIFY(errors.empty());
    QVERIFY(s.fixedDeployResolution);
    Arch a = maxArch(s);
    QCOMPARE(deploymentResolution(s, a), 224);
    QCOMPARE(spaceToJson(s)["fixed_deploy_resolution"].get<bool>(), true);
    j.erase("fixed_deploy_resolution");
    const SearchSpace own = spaceFromJson(j, "space", errors);
    QCOMPARE(deploymentResolution(own, a), a.resolution);
  }

  void invalidSpaces_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("even kernel") << "/stages/1/kernels/1" << "4" << "space.stages[1].kernels[1]: must be odd (4)";
    QTest::newRow("stride 3") << "/stages/2/stride" << "3" << "space.stages[2].stride: must be 1 or 2 (3)";
    QTest::newRow("heads not dividing") << "/stages/2/heads" << "[2, 6]"
                                        << "space.stages[2].heads[1]: must divide every width of the stage [40, 48] (6)";
    QTest::newRow("empty widths") << "/stages/0/widths" << "[]" << "space.stages[0].widths: must not be empty";
    QTest::newRow("mb depth 0") << "/stages/1/mb_depths" << "[0, 1]" << "space.stages[1].mb_depths[0]: must be in [1, 64]";
    QTest::newRow("empty mb depths") << "/stages/1/mb_depths" << "[]" << "space.stages[1].mb_depths: must not be empty";
    QTest::newRow("negative vit depth") << "/stages/3/vit_depths" << "[-1, 2]" << "space.stages[3].vit_depths[0]: must be in [0, 64]";
    QTest::newRow("empty vit depths") << "/stages/3/vit_depths" << "[]" << "space.stages[3].vit_depths: must not be empty";
    QTest::newRow("duplicate width") << "/stages/1/widths" << "[24, 24]" << "space.stages[1].widths[1]: must not repeat an earlier choice (24)";
    QTest::newRow("no heads with vit") << "/stages/2/heads" << "[]" << "space.stages[2].heads: must not be empty";
    QTest::newRow("zero mlp ratio") << "/stages/3/mlp_ratios" << "[0, 2]" << "space.stages[3].mlp_ratios[0]";
    QTest::newRow("tiny mlp ratio") << "/stages/3/mlp_ratios" << "[0.001]" << "space.stages[3].mlp_ratios[0]: must give an MLP hidden width >= 1";
    QTest::newRow("missing mb_depths") << "/stages/0/mb_depths" << "<remove>" << "space.stages[0].mb_depths: is required but missing";
    QTest::newRow("widths not array") << "/stages/0/widths" << "\"16\"" << "space.stages[0].widths: must be an array";
    QTest::newRow("width not integer") << "/stages/0/widths" << "[16, 2.5]" << "space.stages[0].widths[1]: must be an integer";
    QTest::newRow("negative width") << "/stages/0/widths" << "[16, -8]" << "space.stages[0].widths[1]: must be in [1, 16384] (-8)";
    QTest::newRow("zero expand") << "/stages/1/expands" << "[0]" << "space.stages[1].expands[0]: must be in [1, 32] (0)";
    QTest::newRow("stem stride") << "/stem/stride" << "4" << "space.stem.stride: must be 1 or 2 (4)";
    QTest::newRow("stem kernel even") << "/stem/kernel" << "2" << "space.stem.kernel: must be odd";
    QTest::newRow("stem widths empty") << "/stem/widths" << "[]" << "space.stem.widths: must not be empty";
    QTest::newRow("resolution below stride") << "/train_resolutions" << "[4, 28]"
                                             << "space.train_resolutions[0]: must be at least the network's total stride (8)";
    QTest::newRow("deploy resolution") << "/deploy_resolution" << "0" << "space.deploy_resolution: must be at least";
    QTest::newRow("fixed deploy not bool") << "/fixed_deploy_resolution" << "\"yes\""
                                           << "space.fixed_deploy_resolution: must be true or false";
    QTest::newRow("no resolutions") << "/train_resolutions" << "[]" << "space.train_resolutions: must not be empty";
    QTest::newRow("activation") << "/activation" << "\"gelu\"" << "space.activation: must be one of swish, relu6";
    QTest::newRow("classes") << "/classes" << "1" << "space.classes: must be in [2,";
    QTest::newRow("head conv width") << "/head/conv_widths" << "[0]" << "space.head.conv_widths[0]";
    QTest::newRow("head expand") << "/head/conv_expand" << "-1" << "space.head.conv_expand";
    QTest::newRow("feature width") << "/head/feature_widths" << "[64, 64]" << "space.head.feature_widths[1]: must not repeat";
    QTest::newRow("no stages") << "/stages" << "[]" << "space.stages: must not be empty";
    QTest::newRow("stages not array") << "/stages" << "{}" << "space.stages: must be an array";
    QTest::newRow("stage not object") << "/stages/1" << "7" << "space.stages[1]: must be an object";
    QTest::newRow("se not bool") << "/stages/2/se" << "1" << "space.stages[2].se: must be true or false";
    // Values beyond int are refused by the reader, quoting the same limits as the validator.
    QTest::newRow("huge vit depth") << "/stages/3/vit_depths" << "[5000000000]"
                                    << "space.stages[3].vit_depths[0]: must be in [0, 64] (5000000000)";
    QTest::newRow("huge stride") << "/stages/2/stride" << "-5000000000" << "space.stages[2].stride: must be 1 or 2 (-5000000000)";
    QTest::newRow("huge mb depth") << "/stages/1/mb_depths" << "[1, 9999999999]"
                                   << "space.stages[1].mb_depths[1]: must be in [1, 64]: every stage";
    QTest::newRow("huge classes") << "/classes" << "3000000000" << "space.classes: must be in [2, 1000000] (3000000000)";
    QTest::newRow("huge stem kernel") << "/stem/kernel" << "3000000000" << "space.stem.kernel: must be odd and in [1, 15]";
  }
  void invalidSpaces() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const Json doc = patched(projectSpaceJson("demo.h4h"), pointer, value);
    ErrorList errors;
    spaceFromJson(doc, "space", errors);
    QVERIFY2(!errors.empty(), "accepted an invalid space");
    QVERIFY2(containsText(errors, expected.toStdString()), errors.joined().c_str());
    QVERIFY2(!containsText(errors, "1073741824") && !containsText(errors, "2147483647"),
             errors.joined().c_str());  // internal bounds are never quoted
  }

  /// Several problems are all reported at once.
  void allErrorsReported() {
    Json doc = projectSpaceJson("demo.h4h");
    doc["stages"][0]["kernels"] = {3, 4};
    doc["stages"][3]["stride"] = 5;
    doc["stem"]["widths"] = Json::array();
    ErrorList errors;
    spaceFromJson(doc, "space", errors);
    QCOMPARE(int(errors.size()), 3);
  }

  void invalidArchs_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("width") << "/stages/1/width" << "40" << "arch.stages[1].width: must be one of 24, 32 (40)";
    QTest::newRow("kernel") << "/stages/0/kernels/0" << "7" << "arch.stages[0].kernels[0]: must be one of 3, 5 (7)";
    QTest::newRow("mb depth") << "/stages/1/mb_depth" << "4" << "arch.stages[1].kernels: kernels and expands must have one entry";
    QTest::newRow("expands short") << "/stages/1/expands" << "[3]" << "arch.stages[1].kernels: kernels and expands must have one entry";
    QTest::newRow("heads") << "/stages/3/heads/0" << "8" << "arch.stages[3].heads[0]: must be one of 2, 4 (8)";
    QTest::newRow("mlp") << "/stages/3/mlp_ratios/1" << "1.5" << "arch.stages[3].mlp_ratios[1]: must be one of 1, 2 (1.5)";
    QTest::newRow("vit depth") << "/stages/0/heads" << "[2]" << "arch.stages[0].heads";
    QTest::newRow("resolution") << "/resolution" << "32" << "arch.resolution: must be one of 28 (32)";
    QTest::newRow("stem") << "/stem_width" << "20" << "arch.stem_width: must be one of 16, 24 (20)";
    QTest::newRow("head") << "/head_width" << "0" << "arch.head_width: must be one of 128, 192 (0)";
    QTest::newRow("feature") << "/feature_width" << "64" << "arch.feature_width: must be one of 0 (64)";
    QTest::newRow("stage count") << "/stages/3" << "<remove>" << "arch.stages: must have one entry per stage of the space (4)";
    QTest::newRow("missing width") << "/stages/2/width" << "<remove>" << "arch.stages[2].width: is required";
  }
  void invalidArchs() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const SearchSpace sp = demoSpace();
    const Json doc = patched(archToJson(maxArch(sp)), pointer, value);
    ErrorList errors;
    const Arch a = archFromJson(doc, "arch", errors);
    if (errors.empty()) validateArch(sp, a, errors);
    QVERIFY2(!errors.empty(), "accepted an invalid arch");
    QVERIFY2(containsText(errors, expected.toStdString()), errors.joined().c_str());
  }

  void archJsonRoundTrip() {
    const SearchSpace sp = demoSpace();
    std::mt19937_64 rng(11);
    for (int i = 0; i < 200; ++i) {
      const Arch a = sampleArch(sp, rng);
      ErrorList errors;
      const Arch b = archFromJson(archToJson(a), "arch", errors);
      QVERIFY2(errors.empty(), errors.joined().c_str());
      QVERIFY(a == b);
      const Arch c = archFromJson(Json{{"key", archKey(a)}}, "arch", errors);
      QVERIFY(errors.empty() && a == c);
    }
  }

  void keyExample() {
    const SearchSpace sp = demoSpace();
    QCOMPARE(QString::fromStdString(archKey(maxArch(sp))),
             QString("r28_s24_w24:k5e3,k5e3_w32:k5e6,k5e6,k5e6_w48:k5e4,k5e4/h4m2,h4m2"
                     "_w80:k3e6,k3e6/h4m2,h4m2,h4m2_c192_f0"));
    Arch a = minArch(sp);
    a.stages[2].vitDepth = 2;
    a.stages[2].heads = {2, 4};
    a.stages[2].mlpRatios = {0.75, 2.5};
    const std::string key = archKey(a);
    QVERIFY(key.find("_w40:k3e3/h2m0.75,h4m2.5_") != std::string::npos);
    QVERIFY(parseArchKey(key) == a);
    QCOMPARE(canonicalNumber(0.1), std::string("0.1"));
    QCOMPARE(canonicalNumber(4.0), std::string("4"));
    QCOMPARE(canonicalNumber(1.0 / 3.0), std::string("0.3333333333333333"));
  }

  void malformedKeys_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << "" << "expected 'r' at position 0, found the end";
    QTest::newRow("wrong start") << "x28_s16_c0_f0" << "expected 'r' at position 0, found 'x'";
    QTest::newRow("leading zero") << "r028_s16_w16:k3e1_c0_f0" << "without leading zeros at position 1";
    QTest::newRow("no mb layer") << "r28_s16_w16:_c0_f0" << "expected 'k' at position 12";
    QTest::newRow("missing expand") << "r28_s16_w16:k3_c0_f0" << "expected 'e' at position 14";
    QTest::newRow("non-canonical ratio") << "r28_s16_w16:k3e1/h2m1.50_c0_f0" << "shortest decimal form 1.5";
    QTest::newRow("dangling dot") << "r28_s16_w16:k3e1/h2m1._c0_f0" << "digits after '.' at position 22";
    QTest::newRow("missing ratio") << "r28_s16_w16:k3e1/h2m_c0_f0" << "expected a number at position 20";
    QTest::newRow("trailing text") << "r28_s16_w16:k3e1_c0_f0x" << "expected end of key at position 22";
    QTest::newRow("huge number") << "r28_s16_w1234567890:k3e1_c0_f0" << "at most 9 digits";
    QTest::newRow("missing head") << "r28_s16_w16:k3e1_f0" << "expected 'c' at position 17";
    QTest::newRow("space") << "r28 _s16_w16:k3e1_c0_f0" << "expected '_' at position 3";
  }
  void malformedKeys() {
    QFETCH(QString, key);
    QFETCH(QString, expected);
    try {
      parseArchKey(key.toStdString());
      QFAIL("accepted a malformed key");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
      QVERIFY(std::string(e.what()).rfind("arch key: ", 0) == 0);
    }
  }

  void archSpecs() {
    const SearchSpace sp = demoSpace();
    QVERIFY(resolveArchSpec(sp, "max") == maxArch(sp));
    QVERIFY(resolveArchSpec(sp, "min") == minArch(sp));
    std::mt19937_64 rng(3);
    const Arch a = sampleArch(sp, rng);
    QVERIFY(resolveArchSpec(sp, archKey(a)) == a);

    QTemporaryDir dir;
    const std::string plain = dir.filePath("arch.json").toStdString();
    std::ofstream(plain) << archToJson(a).dump(2);
    QVERIFY(resolveArchSpec(sp, plain) == a);
    const std::string wrapped = dir.filePath("wrapped.json").toStdString();
    std::ofstream(wrapped) << Json{{"arch", archToJson(a)}}.dump();
    QVERIFY(resolveArchSpec(sp, wrapped) == a);
    const std::string keyFile = dir.filePath("key.json").toStdString();
    std::ofstream(keyFile) << Json(archKey(a)).dump();
    QVERIFY(resolveArchSpec(sp, keyFile) == a);
  }

  void badArchSpecs_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nothing") << "biggest" << "is not max, min, an arch key or a readable file";
    QTest::newRow("bad key") << "r28_s16_w16" << "arch key: expected ':'";
    QTest::newRow("key outside space") << "r28_s16_w16:k3e1_c0_f0" << "arch.stages: must have one entry per stage";
    QTest::newRow("width outside space")
        << "r28_s16_w16:k3e1_w24:k3e3_w40:k3e3_w64:k3e3_c128_f0x" << "expected end of key";
    QTest::newRow("not json") << "<notjson>" << "not valid JSON";
    QTest::newRow("bad json arch") << "<badarch>" << "arch.stages[0].width: is required";
    QTest::newRow("fifo") << "<fifo>" << ": is not a regular file (a FIFO)";
    QTest::newRow("/dev/zero") << "/dev/zero" << "--arch: /dev/zero: is not a regular file (a character device)";
    QTest::newRow("deep") << "<deep>" << "deeper than 256 levels";
    QTest::newRow("duplicate key") << "<dupkey>" << "resolution: key given twice in one object";
    QTest::newRow("huge width") << "<hugewidth>" << "arch.stem_width: must be in [1, 16384] (99999999999)";
  }
  void badArchSpecs() {
    QFETCH(QString, spec);
    QFETCH(QString, expected);
    const SearchSpace sp = demoSpace();
    QTemporaryDir dir;
    std::string s = spec.toStdString();
    if (spec == "<notjson>") {
      s = dir.filePath("x.json").toStdString();
      std::ofstream(s) << "{not json";
    } else if (spec == "<badarch>") {
      s = dir.filePath("y.json").toStdString();
      Json j = archToJson(maxArch(sp));
      j["stages"][0].erase("width");
      std::ofstream(s) << j.dump();
    } else if (spec == "<fifo>") {
      s = dir.filePath("arch.json").toStdString();
      QCOMPARE(::mkfifo(s.c_str(), 0600), 0);  // no writer: opening it must not block
    } else if (spec == "<deep>") {
      s = dir.filePath("deep.json").toStdString();
      std::ofstream(s) << std::string(100000, '[') << std::string(100000, ']');
    } else if (spec == "<dupkey>") {
      s = dir.filePath("dup.json").toStdString();
      std::ofstream(s) << "{\"resolution\": 28, " << archToJson(maxArch(sp)).dump().substr(1);
    } else if (spec == "<hugewidth>") {
      s = dir.filePath("huge.json").toStdString();
      Json j = archToJson(maxArch(sp));
      j["stem_width"] = 99999999999LL;
      std::ofstream(s) << j.dump();
    }
    try {
      resolveArchSpec(sp, s);
      QFAIL("accepted a bad spec");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestSpace)
#include "test_space.moc"
