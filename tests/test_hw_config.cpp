// Hardware configuration: presets on disk, defaults, JSON round trip, and validation
// errors (path-named, with units) for bad parameter values.
#include <QtTest>

#include "hw/hardware_config.h"
#include "hw/presets.h"

using namespace h4h;

class TestHwConfig : public QObject {
  Q_OBJECT

private slots:
  void presetsLoad();
  void structDefaultsAreTheDefaultPresets();
  void emptySectionLoadsDefaults();
  void presetThenOverrides();
  void roundTrip();
  void legacyActMatmulRowByRow_data();
  void legacyActMatmulRowByRow();
  void badValues_data();
  void badValues();
  void unknownPreset();
  void everyErrorReported();
};

void TestHwConfig::presetsLoad() {
  QCOMPARE(presetNames(PresetKind::Npu), (std::vector<std::string>{"ethos_u65_256", "ethos_u65_512"}));
  QCOMPARE(presetNames(PresetKind::Cim), (std::vector<std::string>{"mram_nmc", "sram_7nm"}));
  QCOMPARE(presetNames(PresetKind::Link), (std::vector<std::string>{"default", "dram"}));
  const NpuConfig u256 = loadNpuPreset("ethos_u65_256");
  QCOMPARE(u256.rows * u256.cols, 256);
  QCOMPARE(u256.clockGhz, 1.0);
  QCOMPARE(u256.sramBandwidthGBs, 16.0);
  QCOMPARE(u256.dramBandwidthGBs, 3.75);
  const NpuConfig u512 = loadNpuPreset("ethos_u65_512");
  QCOMPARE(u512.rows * u512.cols * u512.cores, 512);  // two 256-MAC cores
  const CimConfig cim = loadCimPreset("mram_nmc");
  QCOMPARE(cim.capacityBytesPerMacro, std::int64_t(1) << 20);  // 8 Mb macro
  QVERIFY(!cim.allowReload);
  QVERIFY(!cim.nearMemoryDigital);
  QVERIFY_THROWS_EXCEPTION(InputError, loadNpuPreset("no_such_npu"));
  QVERIFY_THROWS_EXCEPTION(InputError, loadNpuPreset("../presets/npu_ethos_u65_256"));
}

void TestHwConfig::structDefaultsAreTheDefaultPresets() {
  // The structs' defaults repeat the default presets so code that builds a config
  // directly gets sane values; this keeps the two from drifting apart.
  const HardwareConfig fromFiles = defaultHardware();
  QVERIFY(fromFiles.npu == NpuConfig{});
  QVERIFY(fromFiles.cim == CimConfig{});
  QVERIFY(fromFiles.link == LinkConfig{});
  QVERIFY(fromFiles == HardwareConfig{});
}

void TestHwConfig::emptySectionLoadsDefaults() {
  ErrorList errors;
  const HardwareConfig hw = hardwareFromJson(Json::object(), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QVERIFY(hw == defaultHardware());
  QCOMPARE(hw.npuPreset, std::string("ethos_u65_256"));
  QCOMPARE(hw.cimPreset, std::string("mram_nmc"));
  QCOMPARE(hw.linkPreset, std::string("default"));
  QVERIFY(hw.measuredTablePath.empty());
}

void TestHwConfig::presetThenOverrides() {
  ErrorList errors;
  const Json j = Json::parse(R"({"npu": {"preset": "ethos_u65_512", "rows": 64, "dataflow": "os"},
                                 "cim": {"compute_units_per_macro": 8, "near_memory_digital": true},
                                 "measured_table": "silicon.csv"})");
  const HardwareConfig hw = hardwareFromJson(j, "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  const NpuConfig u512 = loadNpuPreset("ethos_u65_512");
  QCOMPARE(hw.npuPreset, std::string("ethos_u65_512"));
  QCOMPARE(hw.npu.rows, 64);
  QCOMPARE(hw.npu.cols, u512.cols);
  QCOMPARE(hw.npu.dataflow, Dataflow::OutputStationary);
  QCOMPARE(hw.npu.staticPowerMw, u512.staticPowerMw);
  QCOMPARE(hw.cim.computeUnitsPerMacro, 8);
  QVERIFY(hw.cim.nearMemoryDigital);
  QCOMPARE(hw.cim.macros, CimConfig{}.macros);
  QCOMPARE(hw.measuredTablePath, std::string("silicon.csv"));
}

void TestHwConfig::roundTrip() {
  HardwareConfig hw = defaultHardware();
  hw.npuPreset = "ethos_u65_512";
  hw.npu.rows = 17;
  hw.npu.clockGhz = 0.8;
  hw.npu.dataflow = Dataflow::OutputStationary;
  hw.npu.actMatmul = ActMatmul::RowByRowPessimistic;
  hw.cim.allowReload = true;
  hw.cim.weightWriteNsPerByte = 3.5;
  hw.link.energyPjPerByte = 0.25;
  hw.measuredTablePath = "m.csv";
  const Json j = hardwareToJson(hw);
  QCOMPARE(j.at("npu").at("clock_ghz").get<double>(), 0.8);
  QCOMPARE(j.at("npu").at("preset").get<std::string>(), std::string("ethos_u65_512"));
  ErrorList errors;
  const HardwareConfig back = hardwareFromJson(Json::parse(j.dump()), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QVERIFY(back == hw);
}

/// Files before issue 20 held the boolean `act_matmul_row_by_row`: true (the old
/// preset value) loads as the pessimistic row-by-row option, false as GEMMs; without
/// either field the preset's `act_matmul` (gemm) applies. Saving writes only act_matmul.
void TestHwConfig::legacyActMatmulRowByRow_data() {
  QTest::addColumn<QString>("json");
  QTest::addColumn<QString>("mode");
  QTest::newRow("old true") << R"({"npu": {"act_matmul_row_by_row": true}})" << "row_by_row_pessimistic";
  QTest::newRow("old false") << R"({"npu": {"act_matmul_row_by_row": false}})" << "gemm";
  QTest::newRow("neither") << R"({"npu": {}})" << "gemm";
  QTest::newRow("new") << R"({"npu": {"act_matmul": "row_by_row_pessimistic"}})" << "row_by_row_pessimistic";
}

void TestHwConfig::legacyActMatmulRowByRow() {
  QFETCH(QString, json);
  QFETCH(QString, mode);
  ErrorList errors;
  const HardwareConfig hw = hardwareFromJson(Json::parse(json.toStdString()), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QCOMPARE(QString(actMatmulName(hw.npu.actMatmul)), mode);
  const Json saved = hardwareToJson(hw).at("npu");
  QCOMPARE(QString::fromStdString(saved.at("act_matmul").get<std::string>()), mode);
  QVERIFY(!saved.contains("act_matmul_row_by_row"));
}

void TestHwConfig::badValues_data() {
  QTest::addColumn<QString>("json");
  QTest::addColumn<QString>("message");
  QTest::newRow("rows zero") << R"({"npu": {"rows": 0}})" << "hardware.npu.rows: must be in [1, 4096] PEs (0)";
  QTest::newRow("cols huge") << R"({"npu": {"cols": 100000}})" << "hardware.npu.cols: must be in [1, 4096] PEs (100000)";
  QTest::newRow("rows fractional") << R"({"npu": {"rows": 2.5}})" << "hardware.npu.rows: must be an integer, not a number (2.5)";
  QTest::newRow("clock zero") << R"({"npu": {"clock_ghz": 0}})" << "hardware.npu.clock_ghz: must be in [0.01, 10] GHz (0)";
  QTest::newRow("clock text") << R"({"npu": {"clock_ghz": "fast"}})" << "hardware.npu.clock_ghz: must be a number, not a string (\"fast\")";
  QTest::newRow("dataflow") << R"({"npu": {"dataflow": "is"}})" << "hardware.npu.dataflow: must be one of os, ws (\"is\")";
  QTest::newRow("memory mode") << R"({"npu": {"memory_mode": "foo"}})" << "hardware.npu.memory_mode: must be one of sram_only, shared_sram, dedicated_sram (\"foo\")";
  QTest::newRow("cache") << R"({"npu": {"sram_cache_bytes": 10}})" << "hardware.npu.sram_cache_bytes: must be in [1024, 1000000000] bytes (10)";
  QTest::newRow("cores") << R"({"npu": {"cores": 0}})" << "hardware.npu.cores: must be in [1, 64] cores (0)";
  QTest::newRow("sram tiny") << R"({"npu": {"sram_bytes": 10}})" << "hardware.npu.sram_bytes: must be in [1024, 1000000000] bytes (10)";
  QTest::newRow("sram bw negative") << R"({"npu": {"sram_bandwidth_gbs": -1}})" << "hardware.npu.sram_bandwidth_gbs: must be in [0.01, 100000] GB/s (-1)";
  QTest::newRow("dram bw zero") << R"({"npu": {"dram_bandwidth_gbs": 0}})" << "hardware.npu.dram_bandwidth_gbs: must be in [0.01, 100000] GB/s (0)";
  QTest::newRow("mac energy") << R"({"npu": {"energy_per_mac_pj": 0}})" << "hardware.npu.energy_per_mac_pj: must be in [0.0001, 100] pJ (0)";
  QTest::newRow("static power") << R"({"npu": {"static_power_mw": -5}})" << "hardware.npu.static_power_mw: must be in [0, 100000] mW (-5)";
  QTest::newRow("overhead") << R"({"npu": {"layer_overhead_cycles": -1}})" << "hardware.npu.layer_overhead_cycles: must be in [0, 100000000] cycles (-1)";
  QTest::newRow("row by row") << R"({"npu": {"act_matmul_row_by_row": 1}})" << "hardware.npu.act_matmul_row_by_row: must be true or false, not an integer (1)";
  QTest::newRow("act matmul") << R"({"npu": {"act_matmul": "rows"}})" << "hardware.npu.act_matmul: must be one of gemm, row_by_row_pessimistic (\"rows\")";
  QTest::newRow("act matmul twice") << R"({"npu": {"act_matmul": "gemm", "act_matmul_row_by_row": false}})" << "hardware.npu.act_matmul_row_by_row: replaced by act_matmul: give only act_matmul";
  QTest::newRow("macros") << R"({"cim": {"macros": -1}})" << "hardware.cim.macros: must be in [0, 4096] macros (0 = NPU-only) (-1)";
  QTest::newRow("capacity") << R"({"cim": {"capacity_bytes_per_macro": 0}})" << "hardware.cim.capacity_bytes_per_macro: must be in [64, 1000000000] bytes (0)";
  QTest::newRow("units") << R"({"cim": {"compute_units_per_macro": 0}})" << "hardware.cim.compute_units_per_macro: must be in [1, 1024] units (0)";
  QTest::newRow("macs per unit") << R"({"cim": {"macs_per_unit_per_cycle": 0}})" << "hardware.cim.macs_per_unit_per_cycle: must be in [1, 65536] MACs/cycle (0)";
  QTest::newRow("cim clock") << R"({"cim": {"clock_ghz": 20}})" << "hardware.cim.clock_ghz: must be in [0.001, 10] GHz (20)";
  QTest::newRow("write ns") << R"({"cim": {"weight_write_ns_per_byte": 0}})" << "hardware.cim.weight_write_ns_per_byte: must be in [0.0001, 1000000] ns (0)";
  QTest::newRow("buffer bw") << R"({"cim": {"buffer_bandwidth_gbs": 0}})" << "hardware.cim.buffer_bandwidth_gbs: must be in [0.01, 100000] GB/s (0)";
  QTest::newRow("nmd") << R"({"cim": {"near_memory_digital": "yes"}})" << "hardware.cim.near_memory_digital: must be true or false, not a string (\"yes\")";
  QTest::newRow("link bw") << R"({"link": {"bandwidth_gbs": 0}})" << "hardware.link.bandwidth_gbs: must be in [0.001, 100000] GB/s (0)";
  QTest::newRow("link latency") << R"({"link": {"latency_ns_per_transfer": -3}})" << "hardware.link.latency_ns_per_transfer: must be in [0, 1000000000] ns (-3)";
  QTest::newRow("npu not object") << R"({"npu": 5})" << "hardware.npu: must be an object, not an integer (5)";
  QTest::newRow("measured path") << R"({"measured_table": 3})" << "hardware.measured_table: must be a string, not an integer (3)";
}

void TestHwConfig::badValues() {
  QFETCH(QString, json);
  QFETCH(QString, message);
  ErrorList errors;
  const HardwareConfig hw = hardwareFromJson(Json::parse(json.toStdString()), "hardware", errors);
  QCOMPARE(QString::fromStdString(errors.joined()), message);
  // A rejected value never reaches the config: the preset value stays.
  QVERIFY(hw.npu.rows >= 1 && hw.npu.clockGhz > 0 && hw.cim.macros >= 1 && hw.link.bandwidthGBs > 0);
}

void TestHwConfig::unknownPreset() {
  ErrorList errors;
  hardwareFromJson(Json::parse(R"({"npu": {"preset": "ethos_u99"}, "cim": {"preset": "Bad/Name"}})"),
                   "hardware", errors);
  QCOMPARE(errors.size(), std::size_t(2));
  const QString text = QString::fromStdString(errors.joined());
  QVERIFY2(text.contains("hardware.npu.preset: unknown preset; available: ethos_u65_256, ethos_u65_512 (\"ethos_u99\")"),
           qPrintable(text));
  QVERIFY2(text.contains("hardware.cim.preset: unknown preset"), qPrintable(text));
}

void TestHwConfig::everyErrorReported() {
  ErrorList errors;
  hardwareFromJson(Json::parse(R"({"npu": {"rows": 0, "cols": 0}, "cim": {"macros": -1}, "link": {"bandwidth_gbs": 0}})"),
                   "hardware", errors);
  QCOMPARE(errors.size(), std::size_t(4));
}

QTEST_APPLESS_MAIN(TestHwConfig)
#include "test_hw_config.moc"
