// The NPU memory report beside a schedule (eval/npu_memory_report.h): its DRAM bytes
// per frame are the profile's, weights apart as each memory mode charges them, the
// schedule's share drops exactly the layers moved to the CIM, and the evaluation chain
// and the schedule JSON carry it.
#include <QtTest>

#include "eval/arch_evaluation.h"
#include "eval/npu_memory_report.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "project/project_io.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "test_hw_nets.h"

using namespace h4h;

namespace {

std::int64_t profileDramBytes(const std::vector<Layer>& layers, const NpuConfig& npu) {
  HardwareConfig hw = defaultHardware();
  hw.npu = npu;
  std::int64_t sum = 0;
  for (const LayerProfile& p : profileNetwork(layers, hw)) sum += p.npu.dramBytes;
  return sum;
}

NpuConfig u65(NpuMemoryMode mode) {
  NpuConfig c = loadNpuPreset("ethos_u65_256");
  c.memoryMode = mode;
  if (mode == NpuMemoryMode::SramOnly) c.sramBytes = 8 << 20;  // as Vela's Sram_Only: everything fits
  return c;
}

}  // namespace

class TestEvalNpuMemory : public QObject {
  Q_OBJECT
private slots:
  void sharedSramStreamsEveryWeightOnce() {
    const std::vector<Layer> layers = test::mobileNetV2Layers();
    const NpuConfig npu = u65(NpuMemoryMode::SharedSram);
    const NpuMemoryReport r = npuMemoryReport(layers, npu, Assignment());
    QVERIFY(r.capacity.fits());
    QCOMPARE(r.npuOnly.weightBytes, r.capacity.weightBytes);
    QCOMPARE(r.npuOnly.bytes, profileDramBytes(layers, npu));
    QVERIFY(r.npuOnly.bytes >= r.npuOnly.weightBytes);
    QCOMPARE(r.scheduled, r.npuOnly);  // no assignment: every layer on the NPU
  }

  void sramOnlyMovesNothingThroughDram() {
    const NpuMemoryReport r = npuMemoryReport(test::mobileNetV2Layers(), u65(NpuMemoryMode::SramOnly), Assignment());
    QVERIFY(r.capacity.fits());
    QCOMPARE(r.npuOnly.bytes, std::int64_t(0));
    QCOMPARE(r.npuOnly.weightBytes, std::int64_t(0));
  }

  void sramOnlyOverflowIsStreamedAndWarned() {
    const std::vector<Layer> layers = test::mobileNetV2Layers();
    NpuConfig npu = u65(NpuMemoryMode::SramOnly);
    npu.sramBytes = 2 << 20;  // MobileNetV2's 3.5 MB of weights do not fit beside its feature maps
    const NpuMemoryReport r = npuMemoryReport(layers, npu, Assignment());
    QVERIFY(!r.capacity.fits());
    QCOMPARE(r.npuOnly.weightBytes, r.capacity.weightsOverflowBytes);
    QCOMPARE(r.npuOnly.bytes, profileDramBytes(layers, npu));
    QVERIFY(r.warning().find("costed as streamed from DRAM") != std::string::npos);
    QCOMPARE(r.warning(), r.capacity.warning());
  }

  void dedicatedSramRereadsWeightsItCannotBuffer() {
    const std::vector<Layer> layers = test::mobileNetV2Layers();
    const NpuConfig npu = u65(NpuMemoryMode::DedicatedSram);
    // Vela's 512 KiB cache holds a double buffer for every layer: each weight once.
    const NpuMemoryReport r = npuMemoryReport(layers, npu, Assignment());
    QCOMPARE(r.npuOnly.bytes, profileDramBytes(layers, npu));
    QCOMPARE(r.unbufferedWeightLayers, 0);
    QCOMPARE(r.npuOnly.weightBytes, r.capacity.weightBytes);
    QVERIFY(r.npuOnly.bytes > r.npuOnly.weightBytes);  // feature maps in DRAM by design
    QCOMPARE(r.warning(), std::string());
    QVERIFY(npuMemoryText(r).rfind("dedicated_sram (SRAM cache 0.52 MB, ", 0) == 0);

    // In 128 KiB the largest layers' buffers find no room: read once per OFM block.
    NpuConfig small = npu;
    small.sramCacheBytes = 128 << 10;
    const NpuMemoryReport tight = npuMemoryReport(layers, small, Assignment());
    QCOMPARE(tight.npuOnly.bytes, profileDramBytes(layers, small));
    QVERIFY(tight.unbufferedWeightLayers > 0);
    QVERIFY(tight.npuOnly.weightBytes >= tight.capacity.weightBytes);  // once, or once per block
    QVERIFY(tight.unbufferedWeightDramBytes <= tight.npuOnly.weightBytes);
    QVERIFY(tight.capacity.fits());
    const std::string warning = tight.warning();
    QVERIFY2(warning.rfind("dedicated_sram: the weights of " + std::to_string(tight.unbufferedWeightLayers) +
                               " layer",
                           0) == 0,
             warning.c_str());
    QVERIFY2(warning.find("find no room for a double buffer beside the feature maps in the 0.13 MB cache "
                          "and are read from DRAM once per OFM block") != std::string::npos,
             warning.c_str());
  }

  void scheduledDropsTheCimLayers() {
    const std::vector<Layer> layers = test::mobileNetV2Layers();
    const NpuConfig npu = u65(NpuMemoryMode::SharedSram);
    Assignment a;
    a.feasible = true;
    a.device.assign(layers.size(), Device::Npu);
    const std::size_t moved = layers.size() - 1;  // the classifier: weights, nothing else in DRAM
    a.device[moved] = Device::Cim;
    const NpuMemoryReport all = npuMemoryReport(layers, npu, Assignment());
    const NpuMemoryReport r = npuMemoryReport(layers, npu, a);
    const std::int64_t classifier = npuWeightStreamBytes(layers[moved]);
    QVERIFY(classifier > 0);
    QCOMPARE(r.npuOnly, all.npuOnly);
    QCOMPARE(r.scheduled.weightBytes, all.npuOnly.weightBytes - classifier);
    QCOMPARE(r.scheduled.bytes, all.npuOnly.bytes - classifier);
    const std::string text = npuMemoryText(r);
    QVERIFY2(text.find("with every layer on the NPU; DRAM ") != std::string::npos, text.c_str());
    QVERIFY2(text.find("with the schedule's NPU layers") != std::string::npos, text.c_str());
    QVERIFY(npuMemoryText(all).find("schedule") == std::string::npos);
  }

  void evaluationAndJsonCarryIt() {
    const Project p = loadProjectOrThrow(test::projectPath("demo.h4h"));
    const EvalContext c = evalContextFor(p);
    const ArchEvaluation e = evaluateArch(c, maxArch(p.space), EvalRequest{EvalDepth::Full, 2});
    const NpuMemoryReport expected = npuMemoryReport(e.layers, c.hardware.npu, e.eval.hetero);
    QCOMPARE(e.npuMemory.npuOnly, expected.npuOnly);
    QCOMPARE(e.npuMemory.scheduled, expected.scheduled);
    const Json j = hybridScheduleJson(e).at("npu_memory");
    QCOMPARE(j.at("memory_mode").get<std::string>(), std::string(memoryModeName(c.hardware.npu.memoryMode)));
    QCOMPARE(j.at("dram_bytes_per_frame").at("npu_only").get<std::int64_t>(), expected.npuOnly.bytes);
    QCOMPARE(j.at("weight_dram_bytes_per_frame").at("scheduled").get<std::int64_t>(), expected.scheduled.weightBytes);
    QCOMPARE(j.at("fits").get<bool>(), expected.capacity.fits());
    // The metrics depth the search runs does not pay for it.
    const ArchEvaluation m = evaluateArch(c, maxArch(p.space), EvalRequest{});
    QCOMPARE(m.npuMemory.npuOnly.bytes, std::int64_t(0));
  }
};

QTEST_APPLESS_MAIN(TestEvalNpuMemory)
#include "test_eval_npu_memory.moc"
