// The bundled reference networks (resources/networks/): MobileNetV2-1.0 lowered from its
// file is the published network, names are listed, and bad files are refused by field.
#include <QtTest>

#include "graph/layer_graph.h"
#include "hw/reference_networks.h"
#include "util/errors.h"

using namespace h4h;

class TestHwReferenceNetworks : public QObject {
  Q_OBJECT

private slots:
  void namesListed();
  void mobileNetV2IsThePublishedNetwork();
  void unknownNameListsTheBundledOnes();
  void malformedFiles_data();
  void malformedFiles();
};

void TestHwReferenceNetworks::namesListed() {
  const std::vector<std::string> names = referenceNetworkNames();
  QVERIFY(std::find(names.begin(), names.end(), "mobilenet_v2") != names.end());
  QVERIFY(std::is_sorted(names.begin(), names.end()));
  for (const std::string& name : names) QCOMPARE(loadReferenceNetwork(name).name, name);  // every file loads
}

void TestHwReferenceNetworks::mobileNetV2IsThePublishedNetwork() {
  const ReferenceNetwork net = loadReferenceNetwork("mobilenet_v2");
  QVERIFY(!net.source.empty());
  QCOMPARE(net.space.deployResolution, 224);
  const std::vector<Layer> layers = lowerReferenceNetwork(net);
  // 300,774,272 MACs: the textbook count that tests/test_graph.cpp derives independently.
  QCOMPARE(graphTotals(layers).macs, 300774272LL);
  int count[int(LayerKind::Fc) + 1] = {};
  for (const Layer& l : layers) ++count[int(l.kind)];
  // Stem + 17 bottlenecks (16 with an expansion) + the 1x1 head conv; every layer, residual
  // adds, pooling and classifier included.
  QCOMPARE(count[int(LayerKind::DwConv)], 17);
  QCOMPARE(count[int(LayerKind::PwConv)], 16 + 17 + 1);
  QCOMPARE(count[int(LayerKind::Conv)], 1);
  QCOMPARE(count[int(LayerKind::Add)], 10);
  QCOMPARE(count[int(LayerKind::Pool)], 1);
  QCOMPARE(count[int(LayerKind::Fc)], 1);
  QCOMPARE(layers.size(), std::size_t(64));
  QVERIFY(layers.front().in == (TensorShape{3, 224, 224}));
  QVERIFY(layers.back().out == (TensorShape{1000, 1, 1}));
  QCOMPARE(referenceNetworkLayers("mobilenet_v2").size(), layers.size());
}

void TestHwReferenceNetworks::unknownNameListsTheBundledOnes() {
  for (const char* name : {"resnet50", "../presets/npu_ethos_u65_256", ""}) {
    try {
      loadReferenceNetwork(name);
      QFAIL("no error");
    } catch (const InputError& e) {
      const QString message = QString::fromUtf8(e.what());
      QVERIFY2(message.startsWith("unknown network '"), e.what());
      QVERIFY2(message.contains("available: ") && message.contains("mobilenet_v2"), e.what());
    }
  }
}

void TestHwReferenceNetworks::malformedFiles_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("message");
  const QString space =
      R"("space": {"input_channels": 3, "classes": 10, "train_resolutions": [32], "deploy_resolution": 32,
          "stem": {"widths": [16], "kernel": 3, "stride": 2},
          "stages": [{"name": "s", "stride": 1, "widths": %1, "mb_depths": [1], "kernels": [3],
                      "expands": [1], "vit_depths": [0], "heads": [], "mlp_ratios": []}],
          "head": {"conv_widths": [], "conv_expand": 0, "feature_widths": []}})";
  const QString one = space.arg("[16]");
  QTest::newRow("format") << R"({"format": "h4h-project", "version": 1, "name": "n", "source": "s", )" + one + "}"
                          << "n.json: format: must be one of h4h-network (\"h4h-project\")";
  QTest::newRow("version") << R"({"format": "h4h-network", "version": 2, "name": "n", "source": "s", )" + one + "}"
                           << "n.json: version: must be 1 (the only network file version) (2)";
  QTest::newRow("no source") << R"({"format": "h4h-network", "version": 1, "name": "n", )" + one + "}"
                             << "n.json: source: is required";
  QTest::newRow("two archs")
      << R"({"format": "h4h-network", "version": 1, "name": "n", "source": "s", )" + space.arg("[16, 24]") + "}"
      << "n.json: space: a reference network's space must have one choice per field (2 archs)";
  QTest::newRow("bad space field")
      << R"({"format": "h4h-network", "version": 1, "name": "n", "source": "s", )" + space.arg("[0]") + "}"
      << "n.json: space.stages[0].widths";
  QTest::newRow("not json") << "{" << "n.json";
}

void TestHwReferenceNetworks::malformedFiles() {
  QFETCH(QString, text);
  QFETCH(QString, message);
  try {
    parseReferenceNetwork(text.toStdString(), "n.json");
    QFAIL("no error");
  } catch (const InputError& e) {
    QVERIFY2(QString::fromUtf8(e.what()).startsWith(message), e.what());
  }
}

QTEST_APPLESS_MAIN(TestHwReferenceNetworks)
#include "test_hw_reference_networks.moc"
