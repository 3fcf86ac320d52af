// Schedule exports: JSON round trip and its validation, CSV rows, and the Chrome
// trace-event file checked field by field.

#include <QtTest>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "sched/evaluate.h"
#include "sched/schedule_export.h"
#include "test_sched_random.h"

using namespace h4h;

namespace {

struct Fixture {
  test::RandomCase c;
  Schedule schedule;
  Schedule npuOnly;
};

Fixture makeFixture() {
  std::mt19937_64 rng(31);
  for (;;) {
    Fixture f;
    f.c = test::randomCase(rng, 14, test::Capacity::Tight, Objective::Latency);
    f.c.config.cimAllowReload = true;
    f.c.config.reloadNsPerByte = 0.001;
    f.c.config.reloadNjPerByte = 0.001;
    const SystemEval e = evaluateSystem(f.c.layers, f.c.profile, f.c.config);
    if (!e.hetero.feasible || e.hetero.countOn(Device::Cim) == 0 || e.hetero.transfers == 0) continue;
    if (!e.npuOnly.feasible) continue;
    f.schedule = scheduleSystem(f.c.layers, f.c.profile, e, 3);
    f.schedule.arch = "test-arch";
    f.npuOnly = simulatePipeline(f.c.layers, f.c.profile, e.npuOnly, 3);
    return f;
  }
}

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += line[++i];
      else if (ch == '"') quoted = false;
      else cur += ch;
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

class TestSchedExport : public QObject {
  Q_OBJECT

private slots:
  void jsonRoundTrip();
  void jsonErrorsNameTheField_data();
  void jsonErrorsNameTheField();
  void csvHasOneRowPerTask();
  void chromeTraceFields();
  void chromeTraceFlowsPairAndBaselineIsAProcess();
};

void TestSchedExport::jsonRoundTrip() {
  const Fixture f = makeFixture();
  const Json j = scheduleToJson(f.schedule);
  QCOMPARE(j.at("format").get<std::string>(), std::string("h4h-schedule"));
  // Through text, as a file would.
  const Json parsed = Json::parse(j.dump(2));
  const Schedule back = scheduleFromJsonOrThrow(parsed);
  QCOMPARE(scheduleToJson(back), j);
  QCOMPARE(back.tasks.size(), f.schedule.tasks.size());
  QCOMPARE(back.baselines.size(), std::size_t{3});
  QCOMPARE(back.device, f.schedule.device);
  QCOMPARE(back.periodNs, f.schedule.periodNs);
  QCOMPARE(back.arch, std::string("test-arch"));
  for (std::size_t i = 0; i < back.tasks.size(); ++i) {
    QCOMPARE(back.tasks[i].startNs, f.schedule.tasks[i].startNs);
    QCOMPARE(back.tasks[i].type, f.schedule.tasks[i].type);
    QCOMPARE(back.tasks[i].kind, f.schedule.tasks[i].kind);
  }
}

void TestSchedExport::jsonErrorsNameTheField_data() {
  QTest::addColumn<QString>("pointer");
  QTest::addColumn<QString>("value");
  QTest::addColumn<QString>("expected");
  QTest::newRow("lane") << "/tasks/2/lane" << "\"gpu\"" << "schedule.tasks[2].lane: must be one of";
  QTest::newRow("kind") << "/tasks/0/kind" << "\"mystery\"" << "schedule.tasks[0].kind: must be one of";
  QTest::newRow("negative start") << "/tasks/1/start_ns" << "-5" << "schedule.tasks[1].start_ns: must be in";
  QTest::newRow("end before start") << "/tasks/1/end_ns" << "0" << "schedule.tasks[1].end_ns: must be >= start_ns";
  QTest::newRow("frame out of range") << "/tasks/0/frame" << "7" << "schedule.tasks[0].frame: must be in [0, 2]";
  QTest::newRow("objective") << "/objective" << "\"speed\"" << "schedule.objective: must be one of";
  QTest::newRow("frames") << "/frames" << "0" << "schedule.frames: must be in [1, 1024]";
  QTest::newRow("device") << "/device/1" << "\"tpu\"" << "schedule.device[1]: must be \"npu\" or \"cim\"";
  QTest::newRow("version") << "/version" << "99" << "schedule.version: was written by a newer H4H";
  QTest::newRow("format") << "/format" << "\"other\"" << "schedule.format: must be \"h4h-schedule\"";
  QTest::newRow("baseline") << "/baselines/0/feasible" << "\"yes\"" << "schedule.baselines[0].feasible";
  QTest::newRow("tasks not array") << "/tasks" << "{}" << "schedule.tasks: must be an array";
}

void TestSchedExport::jsonErrorsNameTheField() {
  QFETCH(QString, pointer);
  QFETCH(QString, value);
  QFETCH(QString, expected);
  const Fixture f = makeFixture();
  Json j = scheduleToJson(f.schedule);
  j[Json::json_pointer(pointer.toStdString())] = Json::parse(value.toStdString());
  if (pointer == "/tasks/1/end_ns") j["tasks"][1]["start_ns"] = 10.0;
  try {
    scheduleFromJsonOrThrow(j);
    QFAIL("accepted a bad schedule");
  } catch (const InputError& e) {
    QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
  }
}

void TestSchedExport::csvHasOneRowPerTask() {
  const Fixture f = makeFixture();
  const std::string csv = scheduleCsv(f.schedule);
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  QCOMPARE(line, std::string("frame,layer_id,block,kind,lane,type,consumer_id,start_ns,end_ns,duration_ns,energy_nj,bytes"));
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    const auto fields = splitCsvLine(line);
    QCOMPARE(fields.size(), std::size_t{12});
    const ScheduleTask& t = f.schedule.tasks[rows];
    QCOMPARE(std::stoi(fields[0]), t.frame);
    QCOMPARE(std::stoi(fields[1]), t.layerId);
    QCOMPARE(fields[2], t.block);
    QCOMPARE(fields[4], std::string(laneName(t.lane)));
    QCOMPARE(fields[5], std::string(stepKindName(t.type)));
    QVERIFY(std::abs(std::stod(fields[7]) - t.startNs) < 1e-3);
    QVERIFY(std::abs(std::stod(fields[9]) - (t.endNs - t.startNs)) < 2e-3);
    ++rows;
  }
  QCOMPARE(rows, f.schedule.tasks.size());
  // Blocks with commas or quotes are quoted.
  Schedule odd = f.schedule;
  odd.tasks.resize(1);
  odd.tasks[0].block = "a,\"b\"";
  const std::string oddCsv = scheduleCsv(odd);
  QVERIFY(oddCsv.find("\"a,\"\"b\"\"\"") != std::string::npos);
}

void TestSchedExport::chromeTraceFields() {
  const Fixture f = makeFixture();
  // Through text, as Perfetto reads it.
  const Json trace = Json::parse(chromeTrace(f.schedule, f.c.layers).dump());
  QVERIFY(trace.is_object());
  QCOMPARE(trace.at("displayTimeUnit").get<std::string>(), std::string("ns"));
  const Json& events = trace.at("traceEvents");
  QVERIFY(events.is_array());
  std::set<std::pair<int, std::string>> meta;  // (tid, name)
  std::size_t complete = 0;
  std::set<std::string> categories;
  for (const Json& e : events) {
    const std::string ph = e.at("ph").get<std::string>();
    const int pid = e.at("pid").get<int>();
    const int tid = e.at("tid").get<int>();
    QCOMPARE(pid, 1);  // no baseline given: the system's process only
    QVERIFY(tid >= 1 && tid <= 3);
    QVERIFY(e.at("name").is_string());
    QVERIFY(e.at("args").is_object());
    if (ph == "s" || ph == "f") continue;  // flows: chromeTraceFlowsPairAndBaselineIsAProcess
    if (ph == "M") {
      const std::string name = e.at("name").get<std::string>();
      meta.insert({tid, name});
      if (name == "process_name") {
        QCOMPARE(e.at("args").at("name").get<std::string>(), std::string("NPU + CIM"));
      } else if (name == "thread_name") {
        QCOMPARE(e.at("args").at("name").get<std::string>(),
                 std::string(tid == 1 ? "NPU lane" : tid == 2 ? "CIM lane" : "LINK lane"));
      } else if (name == "thread_sort_index") {
        QCOMPARE(e.at("args").at("sort_index").get<int>(), tid);
      } else {
        QCOMPARE(name, std::string("process_sort_index"));
        QCOMPARE(e.at("args").at("sort_index").get<int>(), pid);
      }
      continue;
    }
    QCOMPARE(ph, std::string("X"));
    const ScheduleTask& t = f.schedule.tasks[complete];
    QCOMPARE(tid, static_cast<int>(t.lane) + 1);
    QVERIFY(std::abs(e.at("ts").get<double>() - t.startNs / 1000.0) < 1e-9);
    QVERIFY(std::abs(e.at("dur").get<double>() - (t.endNs - t.startNs) / 1000.0) < 1e-9);
    QVERIFY(e.at("dur").get<double>() >= 0.0);
    const std::string cat = e.at("cat").get<std::string>();
    categories.insert(cat);
    QCOMPARE(cat, std::string(stepKindName(t.type)));
    const Json& args = e.at("args");
    QCOMPARE(args.at("frame").get<int>(), t.frame);
    QCOMPARE(args.at("layer").get<int>(), t.layerId);
    QCOMPARE(args.at("block").get<std::string>(), t.block);
    QCOMPARE(args.at("kind").get<std::string>(), std::string(layerKindName(t.kind)));
    QCOMPARE(args.at("lane").get<std::string>(), std::string(laneName(t.lane)));
    QCOMPARE(args.at("energy_nj").get<double>(), t.energyNj);
    QVERIFY(std::abs(args.at("latency_ns").get<double>() - (t.endNs - t.startNs)) < 1e-9);
    const std::string name = e.at("name").get<std::string>();
    if (t.type == StepKind::Compute) {
      const Layer& l = f.c.layers[t.layerId];
      QCOMPARE(name, l.block + " " + layerKindName(l.kind) + " #" + std::to_string(l.id));
      QCOMPARE(args.at("macs").get<std::int64_t>(), l.macs);
      QCOMPARE(args.at("weight_bytes").get<std::int64_t>(), l.weightBytes);
    } else {
      QCOMPARE(args.at("bytes").get<std::int64_t>(), t.bytes);
      if (t.type == StepKind::Transfer) {
        QVERIFY(name.rfind("move ", 0) == 0);
        QCOMPARE(args.at("consumer").get<int>(), t.consumerId);
      }
    }
    ++complete;
  }
  QCOMPARE(complete, f.schedule.tasks.size());
  // Slices of one track never overlap (timeline viewers would nest or hide them).
  std::map<int, std::vector<std::pair<double, double>>> tracks;
  for (const Json& e : events)
    if (e.at("ph") == "X")
      tracks[e.at("tid").get<int>()].push_back(
          {e.at("ts").get<double>(), e.at("ts").get<double>() + e.at("dur").get<double>()});
  for (auto& [tid, slices] : tracks) {
    std::sort(slices.begin(), slices.end());
    for (std::size_t i = 1; i < slices.size(); ++i) QVERIFY(slices[i].first >= slices[i - 1].second - 1e-9);
  }
  QVERIFY(meta.count({1, "process_name"}) && meta.count({1, "process_sort_index"}));
  for (int tid = 1; tid <= 3; ++tid)
    for (const char* name : {"thread_name", "thread_sort_index"}) QVERIFY(meta.count({tid, name}));
  QVERIFY(categories.count("compute") && categories.count("transfer"));
  QCOMPARE(trace.at("otherData").at("frames").get<int>(), 3);
  QVERIFY(!trace.at("otherData").contains("npu_only"));
}

void TestSchedExport::chromeTraceFlowsPairAndBaselineIsAProcess() {
  const Fixture f = makeFixture();
  const Json trace = Json::parse(chromeTrace(f.schedule, f.c.layers, &f.npuOnly).dump());
  std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> slices;  // (pid, tid) -> [ts, ts + dur]
  std::map<int, std::string> processNames;
  std::size_t baselineSlices = 0;
  for (const Json& e : trace.at("traceEvents")) {
    const std::string ph = e.at("ph").get<std::string>();
    const int pid = e.at("pid").get<int>();
    if (ph == "X") {
      const double ts = e.at("ts").get<double>();
      slices[{pid, e.at("tid").get<int>()}].push_back({ts, ts + e.at("dur").get<double>()});
      baselineSlices += pid == 2;
      if (pid == 2) QCOMPARE(e.at("tid").get<int>(), 1);  // the baseline runs on its NPU only
    } else if (ph == "M" && e.at("name") == "process_name") {
      processNames[pid] = e.at("args").at("name").get<std::string>();
    }
  }
  QCOMPARE(processNames.at(1), std::string("NPU + CIM"));
  QCOMPARE(processNames.at(2), std::string("NPU-only baseline"));
  QCOMPARE(baselineSlices, f.npuOnly.tasks.size());
  QCOMPARE(trace.at("otherData").at("npu_only").at("frame_latency_ns").get<double>(), f.npuOnly.frameLatencyNs);
  // Every flow start has exactly one end with its id, each inside a slice of its track.
  auto inSlice = [&](const Json& e) {
    const double ts = e.at("ts").get<double>();
    for (const auto& [from, to] : slices[{e.at("pid").get<int>(), e.at("tid").get<int>()}])
      if (ts >= from && ts <= to) return true;
    return false;
  };
  std::map<int, int> starts, ends;
  for (const Json& e : trace.at("traceEvents")) {
    const std::string ph = e.at("ph").get<std::string>();
    if (ph != "s" && ph != "f") continue;
    QVERIFY(inSlice(e));
    QCOMPARE(e.at("pid").get<int>(), 1);
    ++(ph == "s" ? starts : ends)[e.at("id").get<int>()];
    if (ph == "f") QCOMPARE(e.at("bp").get<std::string>(), std::string("e"));
  }
  QVERIFY(!starts.empty());
  QCOMPARE(starts.size(), ends.size());
  for (const auto& [id, n] : starts) {
    QCOMPARE(n, 1);
    QCOMPARE(ends[id], 1);
  }
  // Two arrows per transfer between layers (one when the network input or output is an end).
  std::size_t expected = 0;
  for (const ScheduleTask& t : f.schedule.tasks)
    if (t.type == StepKind::Transfer) expected += (t.layerId >= 0) + (t.consumerId >= 0);
  QCOMPARE(starts.size(), expected);
}

QTEST_APPLESS_MAIN(TestSchedExport)
#include "test_sched_export.moc"
