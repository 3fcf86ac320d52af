// CIM macros and the NPU<->CIM link (docs/hardware_model.md §CIM, §Link): hand-worked
// costs, the array's read bound and compute units sharing each weight read across
// positions (1 -> 2 -> 4 -> 8 units), peripheral energy as its own term, weight reloads
// at DRAM cost, the link through shared SRAM or DRAM, and the combined SoC preset.
#include <QtTest>

#include <cmath>

#include "hw/cim_model.h"
#include "hw/link_model.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "sched/evaluate.h"

using namespace h4h;

namespace {

Layer gemmLayer(LayerKind kind, GemmView g, std::int64_t inBytes, std::int64_t outBytes) {
  Layer l;
  l.kind = kind;
  l.in = {g.k * g.groups, g.m, 1};
  l.out = {g.n * g.groups, g.m, 1};
  l.gemm = g;
  l.macs = g.macs();
  l.weightBytes = g.k * g.n * g.groups;
  l.inBytes = inBytes;
  l.outBytes = outBytes;
  l.kernel = 1;
  return l;
}

/// A fully connected layer over `positions` tokens: K = 256, N = 64 (16 KiB of weights).
Layer tokensLayer(std::int64_t positions) {
  return gemmLayer(LayerKind::MlpFc1, {positions, 256, 64, 1}, positions * 256, positions * 64);
}

bool near(double a, double b, double rel = 1e-9) {
  return std::fabs(a - b) <= rel * std::max(1.0, std::fabs(b));
}

/// The default CIM (mram_nmc) with `units` compute units per macro.
CimModel mramWithUnits(int units) {
  CimConfig c;
  c.computeUnitsPerMacro = units;
  return CimModel(c, NpuConfig{});
}

double macsPerCycle(const Layer& l, const CimBreakdown& b) {
  return static_cast<double>(l.macs) / static_cast<double>(std::max(b.computeCycles, b.readCycles));
}

}  // namespace

class TestHwCim : public QObject {
  Q_OBJECT

private slots:
  void handWorkedLayer();
  void unitsShareReadsUntilTheReadBoundBinds();
  void manyPositionsScaleAndAmortiseReads();
  void onePositionGainsNothing();
  void wideReadFeedsUnitsOnOtherWords();
  void inArrayMacroColumns();
  void energyIsSumOfParts();
  void activationMatmulNeedsNearMemoryDigital();
  void vectorLayer();
  void reloadStreamsFromDram();
  void linkThroughSram();
  void linkThroughDram();
  void oldLinkFieldsStillLoad();
  void socPresetAppliesAndRoundTrips();
  void badCimAndSocValues();
};

void TestHwCim::handWorkedLayer() {
  // mram_nmc: 1 unit of 32 lanes per macro, 32 B read per cycle, 0.5 GHz, 100 cycles/layer.
  // An MLP fc1 of a 196-token, 192-wide ViT block to 768: 147456 B of weights, 1 macro.
  const Layer fc1 = gemmLayer(LayerKind::MlpFc1, {196, 192, 768, 1}, 37632, 150528);
  const CimConfig cfg;
  const CimBreakdown b = mramWithUnits(1).breakdown(fc1);
  QCOMPARE(b.path, CimPath::Macros);
  QCOMPARE(qint64(b.macrosUsed), qint64(1));
  // 768 outputs x ceil(192 / 32) = 4608 words, each applied to 196 positions.
  QCOMPARE(qint64(b.computeCycles), qint64(903168));
  // Every weight is read once per position: 147456 * 196 B at 32 B/cycle.
  QCOMPARE(qint64(b.positionsPerRead), qint64(1));
  QCOMPARE(qint64(b.weightReadBytes), qint64(147456LL * 196));
  QCOMPARE(qint64(b.readCycles), qint64(903168));
  // Buffer: (37632 + 150528) B at 32 GB/s / 0.5 GHz = 64 B/cycle -> 2940 cycles.
  QCOMPARE(qint64(b.bufferCycles), qint64(2940));
  QCOMPARE(qint64(b.totalCycles), qint64(903268));
  QVERIFY(near(b.latencyNs, 1806536.0));
  QVERIFY(near(b.arrayReadEnergyNj, 147456.0 * 196 * cfg.arrayReadPjPerByte * 1e-3));
  QVERIFY(near(b.macEnergyNj, fc1.macs * cfg.energyPerMacPj * 1e-3));
  QCOMPARE(qint64(b.partialSums), qint64(4608LL * 196));
  QVERIFY(near(b.peripheralEnergyNj, 4608.0 * 196 * cfg.energyPerPartialSumPj * 1e-3));
}

void TestHwCim::unitsShareReadsUntilTheReadBoundBinds() {
  // Four positions: each added unit takes another position of the same word read, until
  // every position shares it; then more units need other words, which the array cannot
  // read any faster (32 B/cycle).
  const Layer l = tokensLayer(4);
  const std::int64_t weights = l.weightBytes;
  struct Row { int units; std::int64_t compute, read; double macsPerCycle; std::int64_t readsPerWeight; };
  const Row rows[] = {{1, 2048, 2048, 32, 4}, {2, 1024, 1024, 64, 2}, {4, 512, 512, 128, 1},
                      {8, 256, 512, 128, 1}};
  double previousEnergyPerMac = 1e300;
  for (const Row& r : rows) {
    const CimBreakdown b = mramWithUnits(r.units).breakdown(l);
    QCOMPARE(qint64(b.computeCycles), qint64(r.compute));
    QCOMPARE(qint64(b.readCycles), qint64(r.read));
    QVERIFY(near(macsPerCycle(l, b), r.macsPerCycle));
    QCOMPARE(qint64(b.weightReadBytes), qint64(weights * r.readsPerWeight));
    const double energyPerMac = mramWithUnits(r.units).cost(l).energyNj / static_cast<double>(l.macs);
    if (r.units <= 4) QVERIFY(energyPerMac < previousEnergyPerMac);
    else QVERIFY(near(energyPerMac, previousEnergyPerMac, 0.02));  // nothing left to share
    previousEnergyPerMac = energyPerMac;
  }
  // The saturated throughput is the read bound: R bytes/cycle x the positions per read.
  const CimBreakdown eight = mramWithUnits(8).breakdown(l);
  QVERIFY(near(macsPerCycle(l, eight), 32.0 * 4));
}

void TestHwCim::manyPositionsScaleAndAmortiseReads() {
  // 196 tokens: units keep finding positions to share reads with, so throughput rises
  // in proportion (up to the last, partly filled batch of positions) and the array-read
  // energy per MAC falls as 1 / units; the MAC and partial-sum energies do not change.
  const Layer l = tokensLayer(196);
  double previousLatency = 1e300, previousEnergy = 1e300;
  const CimBreakdown one = mramWithUnits(1).breakdown(l);
  for (int units : {1, 2, 4, 8}) {
    const CimModel cim = mramWithUnits(units);
    const CimBreakdown b = cim.breakdown(l);
    const std::int64_t batches = (196 + units - 1) / units;
    QCOMPARE(qint64(b.readCycles), qint64(l.weightBytes * batches / 32));
    QVERIFY(macsPerCycle(l, b) >= 0.95 * 32.0 * units);
    QVERIFY(near(b.arrayReadEnergyNj, one.arrayReadEnergyNj * double(batches) / 196.0));
    QVERIFY(near(b.macEnergyNj, one.macEnergyNj));
    QVERIFY(near(b.peripheralEnergyNj, one.peripheralEnergyNj));
    QVERIFY(b.latencyNs < previousLatency);
    QVERIFY(cim.cost(l).energyNj < previousEnergy);
    previousLatency = b.latencyNs;
    previousEnergy = cim.cost(l).energyNj;
  }
  // Utilisation is against the peak with every unit busy.
  QCOMPARE(cimPeakMacsPerCycle(CimConfig{}), std::int64_t(4 * 1 * 32));
}

void TestHwCim::onePositionGainsNothing() {
  // A classifier-like layer (one position): every unit would need its own words, and
  // the array already delivers only one word per cycle to the first.
  const Layer l = tokensLayer(1);
  const CimBreakdown one = mramWithUnits(1).breakdown(l);
  for (int units : {2, 4, 8}) {
    const CimModel cim = mramWithUnits(units);
    const CimBreakdown b = cim.breakdown(l);
    QCOMPARE(b.totalCycles, one.totalCycles);
    QCOMPARE(b.weightReadBytes, one.weightReadBytes);
    QVERIFY(near(cim.cost(l).energyNj, mramWithUnits(1).cost(l).energyNj));
  }
}

void TestHwCim::wideReadFeedsUnitsOnOtherWords() {
  // An array reading two words per cycle: a second unit on one position takes the other
  // word (2x), beyond that the read bound holds.
  CimConfig c;
  c.weightReadBytesPerCycle = 64;
  const Layer l = tokensLayer(1);
  std::int64_t cycles[4];
  int i = 0;
  for (int units : {1, 2, 4, 8}) {
    c.computeUnitsPerMacro = units;
    const CimBreakdown b = CimModel(c, NpuConfig{}).breakdown(l);
    cycles[i++] = std::max(b.computeCycles, b.readCycles);
  }
  QCOMPARE(qint64(cycles[0]), qint64(512));
  QCOMPARE(qint64(cycles[1]), qint64(256));
  QCOMPARE(qint64(cycles[2]), qint64(256));
  QCOMPARE(qint64(cycles[3]), qint64(256));
}

void TestHwCim::inArrayMacroColumns() {
  // sram_7nm (Sinangil et al., JSSC 2021): a 64-row x 8-int8-column array computes all
  // 512 MACs of one position per (two-nibble) cycle, one ADC output per column.
  const CimConfig cfg = loadCimPreset("sram_7nm");
  const CimModel cim(cfg, NpuConfig{});
  const Layer small = gemmLayer(LayerKind::PwConv, {10, 64, 8, 1}, 640, 80);
  const CimBreakdown b = cim.breakdown(small);
  QCOMPARE(qint64(b.macrosUsed), qint64(1));
  QCOMPARE(qint64(b.computeCycles), qint64(10));
  QCOMPARE(qint64(b.readCycles), qint64(10));
  QCOMPARE(qint64(b.partialSums), qint64(80));
  // Per int8 MAC the macro's parts add up to 351 TOPS/W at 4b: 4 x 2 / 351 pJ.
  const double perMac = (b.arrayReadEnergyNj + b.macEnergyNj + b.peripheralEnergyNj) * 1e3 / 5120.0;
  QVERIFY(near(perMac, 4.0 * 2.0 / 351.0, 0.01));
  // A larger layer spreads over one macro per 512 B tile and runs one position per cycle.
  const Layer conv = gemmLayer(LayerKind::PwConv, {196, 576, 64, 1}, 196 * 576, 196 * 64);
  const CimBreakdown c = cim.breakdown(conv);
  QCOMPARE(qint64(c.macrosUsed), qint64(72));
  QCOMPARE(qint64(c.computeCycles), qint64(196));
}

void TestHwCim::energyIsSumOfParts() {
  CimConfig cfg;
  cfg.nearMemoryDigital = true;
  cfg.computeUnitsPerMacro = 4;
  const CimModel cim(cfg, NpuConfig{});
  Layer qk = gemmLayer(LayerKind::AttnQk, {49, 16, 49, 4}, 2 * 49 * 64, 4 * 49 * 49);
  qk.weightBytes = 0;
  qk.activationOperands = true;
  Layer add = gemmLayer(LayerKind::Add, {0, 0, 0, 1}, 2 * 12544, 12544);
  add.in = {64, 14, 14};
  add.out = {64, 14, 14};
  for (const Layer& l : {tokensLayer(196), tokensLayer(3), qk, add}) {
    const CimBreakdown b = cim.breakdown(l);
    QVERIFY(b.path != CimPath::Unsupported);
    const double parts = b.arrayReadEnergyNj + b.macEnergyNj + b.peripheralEnergyNj +
                         b.vectorEnergyNj + b.bufferEnergyNj + b.writeEnergyNj + b.staticEnergyNj;
    QVERIFY(near(cim.cost(l).energyNj, parts));
    QVERIFY(near(b.bufferEnergyNj, (l.inBytes + l.outBytes) * cfg.energyPerBufferBytePj * 1e-3));
    QVERIFY(near(b.staticEnergyNj, cfg.staticPowerMw * b.latencyNs * 1e-3));
    QCOMPARE(b.writeEnergyNj, 0.0);  // weights are programmed at load, not per frame
  }
}

void TestHwCim::activationMatmulNeedsNearMemoryDigital() {
  Layer qk = gemmLayer(LayerKind::AttnQk, {49, 16, 49, 4}, 2 * 49 * 64, 4 * 49 * 49);
  qk.weightBytes = 0;
  qk.activationOperands = true;
  CimConfig cfg;
  const DeviceCost no = CimModel(cfg, NpuConfig{}).cost(qk);
  QVERIFY(!no.supported);
  QVERIFY(no.unsupportedReason == UnsupportedReason::NoNearMemoryDigital);
  cfg.nearMemoryDigital = true;
  const CimBreakdown b = CimModel(cfg, NpuConfig{}).breakdown(qk);
  QCOMPARE(b.path, CimPath::NearMemoryDigital);
  QCOMPARE(qint64(b.computeCycles), qint64((qk.macs + 63) / 64));
  QVERIFY(near(b.macEnergyNj, qk.macs * cfg.nmdEnergyPerMacPj * 1e-3));
  QCOMPARE(b.arrayReadEnergyNj, 0.0);
}

void TestHwCim::vectorLayer() {
  Layer add = gemmLayer(LayerKind::Add, {0, 0, 0, 1}, 2 * 12544, 12544);
  add.in = {64, 14, 14};
  add.out = {64, 14, 14};
  const CimBreakdown b = CimModel(CimConfig{}, NpuConfig{}).breakdown(add);
  QCOMPARE(b.path, CimPath::Vector);
  QCOMPARE(qint64(b.computeCycles), qint64(64 * 14 * 14 / 16));
  QCOMPARE(b.macEnergyNj + b.arrayReadEnergyNj + b.peripheralEnergyNj, 0.0);
}

void TestHwCim::reloadStreamsFromDram() {
  // Weights over the capacity, reloads allowed: streamed from DRAM (Vela High_End:
  // 3.75 GB/s, 500 cycles at 1 GHz, 40 pJ/B in the NPU section) while both macros are
  // written (2 ns/B each, 8 pJ/B).
  const NpuConfig npu;
  CimConfig cfg;
  cfg.macros = 2;
  const Layer big = gemmLayer(LayerKind::Fc, {1, 4096, 1025, 1}, 4096, 1025);
  QVERIFY(!CimModel(cfg, npu).cost(big).supported);
  cfg.allowReload = true;
  const CimModel cim(cfg, npu);
  const TransferCost reload = cim.weightReload(big.weightBytes);
  const double writeNs = std::ceil(big.weightBytes / 2.0) * 2.0;  // slower than the stream
  QVERIFY(near(reload.latencyNs, 500.0 + writeNs));
  QVERIFY(near(reload.energyNj, big.weightBytes * (40.0 + 8.0) * 1e-3));
  const CimBreakdown b = cim.breakdown(big);
  QCOMPARE(qint64(b.writeCycles), qint64(std::ceil(reload.latencyNs * cfg.clockGhz)));
  QVERIFY(near(b.writeEnergyNj, reload.energyNj));
  // With fast writes the DRAM stream binds.
  cfg.weightWriteNsPerByte = 0.1;
  const TransferCost streamed = CimModel(cfg, npu).weightReload(big.weightBytes);
  QVERIFY(near(streamed.latencyNs, 500.0 + big.weightBytes / 3.75));
  // The scheduler prices reloads per byte at the same rates.
  HardwareConfig hw;
  hw.cim.allowReload = true;
  const AssignConfig ac = assignConfigFor(hw, Objective::Latency, 1000);
  const CimReloadRate rate = CimModel(hw.cim, hw.npu).reloadRate();
  QCOMPARE(ac.reloadNsPerByte, rate.nsPerByte);
  QVERIFY(near(ac.reloadNjPerByte, (40.0 + 8.0) * 1e-3));
  QVERIFY(near(rate.nsPerByte, std::max(1.0 / 3.75, 2.0 / 4)));
  // The profile's per-layer write cost is that reload.
  const NetworkProfile p = profileNetwork({tokensLayer(4)}, hw);
  QVERIFY(near(p[0].cimWeightWrite.latencyNs,
               CimModel(hw.cim, hw.npu).weightReload(tokensLayer(4).weightBytes).latencyNs));
}

void TestHwCim::linkThroughSram() {
  const NpuConfig npu;  // SRAM 16 GB/s, 32 cycles at 1 GHz, 5 pJ/B
  const LinkConfig cfg;  // default preset: SRAM, half its bandwidth, 1 pJ/B interconnect
  const LinkModel link(cfg, npu);
  const TransferCost t = link.transfer(1600);
  // Energy: one write and one read at the level, plus the interconnect.
  QVERIFY(t.energyNj >= 1600 * (npu.energyPerSramBytePj * 2) * 1e-3);
  QVERIFY(near(t.energyNj, 1600 * (5.0 + 5.0 + 1.0) * 1e-3));
  // Latency: the level's fixed latency, then the bytes at half of 16 GB/s.
  QVERIFY(t.latencyNs >= npu.sramLatencyCycles / npu.clockGhz);
  QVERIFY(near(t.latencyNs, 32.0 + 1600 / 8.0));
  // The DMA path's own limit binds when it is the narrower one.
  LinkConfig narrow = cfg;
  narrow.bandwidthGBs = 4.0;
  QVERIFY(near(LinkModel(narrow, npu).transfer(1600).latencyNs, 32.0 + 400.0));
  const TransferCost none = link.transfer(0);
  QCOMPARE(none.latencyNs, 0.0);
  QCOMPARE(none.energyNj, 0.0);
  // The profile charges it for every layer's output.
  const NetworkProfile p = profileNetwork({tokensLayer(4)}, HardwareConfig{});
  QVERIFY(near(p[0].outputTransfer.energyNj, link.transfer(tokensLayer(4).outBytes).energyNj));
}

void TestHwCim::linkThroughDram() {
  const NpuConfig npu;  // DRAM 3.75 GB/s, 500 cycles, 40 pJ/B
  const LinkConfig cfg = loadLinkPreset("dram");
  QCOMPARE(cfg.level, MemoryLevel::Dram);
  const TransferCost t = LinkModel(cfg, npu).transfer(1600);
  QVERIFY(t.energyNj >= 1600 * (npu.energyPerDramBytePj * 2) * 1e-3);
  QVERIFY(near(t.latencyNs, 500.0 + 1600 / (3.75 * 0.5)));
  // Through DRAM a hand-off costs more than through SRAM, in time and energy.
  const TransferCost sram = LinkModel(LinkConfig{}, npu).transfer(1600);
  QVERIFY(t.latencyNs > sram.latencyNs && t.energyNj > sram.energyNj);
}

void TestHwCim::oldLinkFieldsStillLoad() {
  // Files written before the link went through memory hold only these three fields;
  // they now describe the DMA path and interconnect on top of the default level (SRAM).
  ErrorList errors;
  const Json j = Json::parse(
      R"({"link": {"preset": "default", "bandwidth_gbs": 16, "latency_ns_per_transfer": 50,
                   "energy_pj_per_byte": 2}})");
  const HardwareConfig hw = hardwareFromJson(j, "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QCOMPARE(hw.link.level, MemoryLevel::Sram);
  const TransferCost t = LinkModel(hw.link, hw.npu).transfer(1600);
  QVERIFY(near(t.latencyNs, 50.0 + 32.0 + 1600 / 8.0));
  QVERIFY(near(t.energyNj, 1600 * (2.0 + 5.0 + 5.0) * 1e-3));
}

void TestHwCim::socPresetAppliesAndRoundTrips() {
  QCOMPARE(presetNames(PresetKind::Soc), (std::vector<std::string>{"arvr", "npu_only"}));
  ErrorList errors;
  HardwareConfig hw = hardwareFromJson(Json::parse(R"({"preset": "arvr"})"), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QCOMPARE(hw.socPreset, std::string("arvr"));
  QCOMPARE(hw.npuPreset, std::string("ethos_u65_256"));
  QCOMPARE(hw.cimPreset, std::string("mram_nmc"));
  QCOMPARE(hw.cim.computeUnitsPerMacro, 1);
  QCOMPARE(hw.link.level, MemoryLevel::Sram);
  // The project's sections override the SoC's, field by field and preset by preset.
  hw = hardwareFromJson(Json::parse(R"({"preset": "arvr", "cim": {"compute_units_per_macro": 4},
                                        "link": {"preset": "dram"}})"),
                        "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QCOMPARE(hw.cim.computeUnitsPerMacro, 4);
  QCOMPARE(hw.cim.macros, 4);
  QCOMPARE(hw.link.level, MemoryLevel::Dram);
  const HardwareConfig again = hardwareFromJson(hardwareToJson(hw), "hardware", errors);
  QVERIFY2(errors.empty(), errors.joined().c_str());
  QVERIFY(again == hw);
}

void TestHwCim::badCimAndSocValues() {
  ErrorList errors;
  hardwareFromJson(Json::parse(R"({"preset": "no_such_soc"})"), "hardware", errors);
  QVERIFY(errors.joined().find("hardware.preset: unknown preset; available: arvr, npu_only") != std::string::npos);
  errors = ErrorList();
  hardwareFromJson(Json::parse(R"({"cim": {"macs_per_unit_per_cycle": 32, "unit_outputs_per_cycle": 3},
                                   "link": {"level": "l3", "bandwidth_share": 0}})"),
                   "hardware", errors);
  const std::string all = errors.joined();
  QVERIFY2(all.find("hardware.cim.unit_outputs_per_cycle: must divide macs_per_unit_per_cycle (32) (3)") !=
               std::string::npos, all.c_str());
  QVERIFY2(all.find("hardware.link.level: must be one of sram, dram") != std::string::npos, all.c_str());
  QVERIFY2(all.find("hardware.link.bandwidth_share: must be in [0.01, 1]") != std::string::npos, all.c_str());
  errors = ErrorList();
  hardwareFromJson(Json::parse(R"({"cim": {"weight_read_bytes_per_cycle": 0}})"), "hardware", errors);
  QVERIFY2(errors.joined().find("hardware.cim.weight_read_bytes_per_cycle: must be in [1, 1048576] bytes/cycle (0)") !=
               std::string::npos, errors.joined().c_str());
}

QTEST_APPLESS_MAIN(TestHwCim)
#include "test_hw_cim.moc"
