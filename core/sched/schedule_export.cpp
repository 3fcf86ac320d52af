#include "sched/schedule_export.h"
#include "util/number_text.h"

#include <cstdio>
#include <initializer_list>
#include <limits>
#include <map>
#include <sstream>

namespace h4h {

namespace {

Json taskToJson(const ScheduleTask& t) {
  return Json{{"frame", t.frame},
              {"layer", t.layerId},
              {"block", t.block},
              {"kind", layerKindName(t.kind)},
              {"lane", laneName(t.lane)},
              {"type", stepKindName(t.type)},
              {"consumer", t.consumerId},
              {"start_ns", t.startNs},
              {"end_ns", t.endNs},
              {"energy_nj", t.energyNj},
              {"bytes", t.bytes}};
}

Json baselineToJson(const BaselineTotals& b) {
  return Json{{"name", b.name},
              {"feasible", b.feasible},
              {"why", b.why},
              {"latency_ns", b.latencyNs},
              {"energy_nj", b.energyNj},
              {"objective_value", b.feasible ? Json(b.objectiveValue) : Json()},
              {"period_ns", b.periodNs},
              {"cim_layers", b.cimLayers}};
}

constexpr double kBig = 1e300;
constexpr long long kMaxBytes = std::numeric_limits<long long>::max() / 4;

std::vector<std::string> names(std::initializer_list<const char*> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

std::vector<std::string> kindNames() {
  std::vector<std::string> out;
  for (int k = 0; k < kLayerKindCount; ++k) out.push_back(layerKindName(static_cast<LayerKind>(k)));
  return out;
}

ScheduleTask taskFromJson(const Json& j, const std::string& path, int frames, ErrorList& errors) {
  JsonFields f(j, path, errors);
  ScheduleTask t;
  t.frame = static_cast<int>(f.getInt("frame", 0, 0, std::max(0, frames - 1), Need::Required));
  t.layerId = static_cast<int>(f.getInt("layer", -1, -1, 1 << 24, Need::Required));
  t.block = f.getString("block", "", Need::Required);
  parseLayerKind(f.getEnum("kind", "conv", kindNames(), Need::Required), t.kind);
  parseLane(f.getEnum("lane", "npu", names({"npu", "cim", "link"}), Need::Required), t.lane);
  parseStepKind(f.getEnum("type", "compute", names({"compute", "transfer", "reload"}), Need::Required), t.type);
  t.consumerId = static_cast<int>(f.getInt("consumer", -1, -1, 1 << 24));
  t.startNs = f.getDouble("start_ns", 0.0, 0.0, kBig, Need::Required);
  t.endNs = f.getDouble("end_ns", 0.0, 0.0, kBig, Need::Required);
  t.energyNj = f.getDouble("energy_nj", 0.0, 0.0, kBig, Need::Required);
  t.bytes = f.getInt("bytes", 0, 0, kMaxBytes);
  if (t.endNs < t.startNs)
    errors.add(joinPath(path, "end_ns"), "must be >= start_ns (" + describeJson(t.startNs) + ")",
               describeJson(t.endNs));
  if (t.type == StepKind::Transfer && t.lane != Lane::Link)
    errors.add(joinPath(path, "lane"), "a transfer runs on the link", laneName(t.lane));
  if (t.type == StepKind::Compute && t.lane == Lane::Link)
    errors.add(joinPath(path, "lane"), "a compute task runs on the npu or the cim", laneName(t.lane));
  return t;
}

std::string fmt(const char* format, double v) { return formatNumber(format, v); }

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

const char* laneTitle(Lane lane) {
  switch (lane) {
    case Lane::Npu: return "NPU";
    case Lane::Cim: return "CIM";
    case Lane::Link: return "LINK";
  }
  return "?";
}

}  // namespace

Json scheduleToJson(const Schedule& s) {
  Json device = Json::array();
  for (Device d : s.device) device.push_back(deviceName(d));
  Json tasks = Json::array();
  for (const ScheduleTask& t : s.tasks) tasks.push_back(taskToJson(t));
  Json baselines = Json::array();
  for (const BaselineTotals& b : s.baselines) baselines.push_back(baselineToJson(b));
  return Json{{"format", kScheduleFormat},
              {"version", kScheduleVersion},
              {"arch", s.arch},
              {"objective", objectiveName(s.objective)},
              {"objective_value", s.objectiveValue},
              {"frames", s.frames},
              {"frame_latency_ns", s.frameLatencyNs},
              {"period_ns", s.periodNs},
              {"throughput_fps", s.throughputFps},
              {"energy_per_frame_nj", s.energyPerFrameNj},
              {"makespan_ns", s.makespanNs},
              {"util", Json{{"npu", s.utilNpu}, {"cim", s.utilCim}, {"link", s.utilLink}}},
              {"cim_weight_bytes", s.cimWeightBytes},
              {"device", device},
              {"tasks", tasks},
              {"baselines", baselines}};
}

Schedule scheduleFromJson(const Json& json, const std::string& path, ErrorList& errors) {
  Schedule s;
  JsonFields f(json, path, errors);
  if (!f.isObject()) return s;
  const std::string format = f.getString("format", kScheduleFormat);
  if (format != kScheduleFormat)
    errors.add(f.pathOf("format"), std::string("must be \"") + kScheduleFormat + "\"", describeJson(format));
  const long long version = f.getInt("version", kScheduleVersion, 1, 1000000);
  if (version > kScheduleVersion)
    errors.add(f.pathOf("version"),
               "was written by a newer H4H (this one reads up to " + std::to_string(kScheduleVersion) + ")",
               std::to_string(version));
  s.arch = f.getString("arch", "");
  Objective objective = Objective::Latency;
  parseObjective(f.getEnum("objective", "latency", names({"latency", "energy", "edp"}), Need::Required), objective);
  s.objective = objective;
  s.objectiveValue = f.getDouble("objective_value", 0.0, 0.0, kBig, Need::Required);
  s.frames = static_cast<int>(f.getInt("frames", 1, 1, kMaxScheduleFrames, Need::Required));
  s.frameLatencyNs = f.getDouble("frame_latency_ns", 0.0, 0.0, kBig, Need::Required);
  s.periodNs = f.getDouble("period_ns", 0.0, 0.0, kBig, Need::Required);
  s.throughputFps = f.getDouble("throughput_fps", 0.0, 0.0, kBig);
  s.energyPerFrameNj = f.getDouble("energy_per_frame_nj", 0.0, 0.0, kBig, Need::Required);
  s.makespanNs = f.getDouble("makespan_ns", 0.0, 0.0, kBig);
  if (const Json* util = f.child("util")) {
    JsonFields u(*util, f.pathOf("util"), errors);
    s.utilNpu = u.getDouble("npu", 0.0, 0.0, 1.0 + 1e-9);
    s.utilCim = u.getDouble("cim", 0.0, 0.0, 1.0 + 1e-9);
    s.utilLink = u.getDouble("link", 0.0, 0.0, 1.0 + 1e-9);
  }
  s.cimWeightBytes = f.getInt("cim_weight_bytes", 0, 0, kMaxBytes);
  if (const Json* device = f.child("device")) {
    const std::string dp = f.pathOf("device");
    if (!device->is_array()) {
      errors.add(dp, "must be an array of \"npu\" / \"cim\"", describeJson(*device));
    } else {
      for (std::size_t i = 0; i < device->size(); ++i) {
        Device d = Device::Npu;
        const Json& v = (*device)[i];
        if (!v.is_string() || !parseDevice(v.get<std::string>(), d))
          errors.add(joinIndex(dp, i), "must be \"npu\" or \"cim\"", describeJson(v));
        s.device.push_back(d);
      }
    }
  }
  if (const Json* tasks = f.child("tasks", Need::Required)) {
    const std::string tp = f.pathOf("tasks");
    if (!tasks->is_array()) {
      errors.add(tp, "must be an array", describeJson(*tasks));
    } else {
      s.tasks.reserve(tasks->size());
      for (std::size_t i = 0; i < tasks->size(); ++i)
        s.tasks.push_back(taskFromJson((*tasks)[i], joinIndex(tp, i), s.frames, errors));
    }
  }
  if (const Json* baselines = f.child("baselines")) {
    const std::string bp = f.pathOf("baselines");
    if (!baselines->is_array()) {
      errors.add(bp, "must be an array", describeJson(*baselines));
    } else {
      for (std::size_t i = 0; i < baselines->size(); ++i) {
        JsonFields b((*baselines)[i], joinIndex(bp, i), errors);
        BaselineTotals t;
        t.name = b.getString("name", "", Need::Required);
        t.feasible = b.getBool("feasible", false, Need::Required);
        t.why = b.getString("why", "");
        t.latencyNs = b.getDouble("latency_ns", 0.0, 0.0, kBig);
        t.energyNj = b.getDouble("energy_nj", 0.0, 0.0, kBig);
        const Json* ov = b.child("objective_value");
        t.objectiveValue = ov && ov->is_null() ? std::numeric_limits<double>::infinity()
                                               : b.getDouble("objective_value", 0.0, 0.0, kBig);
        t.periodNs = b.getDouble("period_ns", 0.0, 0.0, kBig);
        t.cimLayers = static_cast<int>(b.getInt("cim_layers", 0, 0, 1 << 24));
        s.baselines.push_back(t);
      }
    }
  }
  return s;
}

Schedule scheduleFromJsonOrThrow(const Json& json, const std::string& path) {
  ErrorList errors;
  Schedule s = scheduleFromJson(json, path, errors);
  if (!errors.empty()) throw InputError(errors);
  return s;
}

std::string scheduleCsv(const Schedule& schedule) {
  std::string out = "frame,layer_id,block,kind,lane,type,consumer_id,start_ns,end_ns,duration_ns,energy_nj,bytes\n";
  out.reserve(out.size() + schedule.tasks.size() * 96);
  for (const ScheduleTask& t : schedule.tasks) {
    out += std::to_string(t.frame) + ',' + std::to_string(t.layerId) + ',' + csvField(t.block) + ',' +
           layerKindName(t.kind) + ',' + laneName(t.lane) + ',' + stepKindName(t.type) + ',' +
           std::to_string(t.consumerId) + ',' + fmt("%.3f", t.startNs) + ',' + fmt("%.3f", t.endNs) + ',' +
           fmt("%.3f", t.endNs - t.startNs) + ',' + fmt("%.6g", t.energyNj) + ',' + std::to_string(t.bytes) + '\n';
  }
  return out;
}

namespace {

constexpr int kSystemPid = 1, kBaselinePid = 2;

/// A track per lane (tid = lane + 1) of a process per schedule.
void addTraceProcess(Json& events, int pid, const std::string& name, std::initializer_list<Lane> lanes) {
  events.push_back(
      Json{{"name", "process_name"}, {"ph", "M"}, {"pid", pid}, {"tid", 1}, {"args", Json{{"name", name}}}});
  events.push_back(
      Json{{"name", "process_sort_index"}, {"ph", "M"}, {"pid", pid}, {"tid", 1}, {"args", Json{{"sort_index", pid}}}});
  for (Lane lane : lanes) {
    const int tid = static_cast<int>(lane) + 1;
    events.push_back(Json{{"name", "thread_name"}, {"ph", "M"}, {"pid", pid}, {"tid", tid},
                          {"args", Json{{"name", std::string(laneTitle(lane)) + " lane"}}}});
    events.push_back(Json{{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", pid}, {"tid", tid},
                          {"args", Json{{"sort_index", tid}}}});
  }
}

void addTraceTasks(Json& events, int pid, const Schedule& schedule, const std::vector<Layer>& layers) {
  auto layerLabel = [&](int id) -> std::string {
    if (id < 0) return "input";
    if (id < static_cast<int>(layers.size()))
      return layers[id].block + " " + layerKindName(layers[id].kind) + " #" + std::to_string(id);
    return "layer #" + std::to_string(id);
  };
  for (const ScheduleTask& t : schedule.tasks) {
    std::string name;
    switch (t.type) {
      case StepKind::Compute: name = layerLabel(t.layerId); break;
      case StepKind::Transfer:
        name = "move " + layerLabel(t.layerId) + " -> " + (t.consumerId < 0 ? "output" : layerLabel(t.consumerId));
        break;
      case StepKind::Reload: name = "reload CIM weights"; break;
    }
    Json args{{"frame", t.frame},
              {"layer", t.layerId},
              {"block", t.block},
              {"kind", layerKindName(t.kind)},
              {"type", stepKindName(t.type)},
              {"lane", laneName(t.lane)},
              {"start_ns", t.startNs},
              {"latency_ns", t.endNs - t.startNs},
              {"energy_nj", t.energyNj}};
    if (t.type != StepKind::Compute) {
      args["bytes"] = t.bytes;
      if (t.type == StepKind::Transfer) args["consumer"] = t.consumerId;
    } else if (t.layerId >= 0 && t.layerId < static_cast<int>(layers.size())) {
      args["macs"] = layers[t.layerId].macs;
      args["weight_bytes"] = layers[t.layerId].weightBytes;
    }
    events.push_back(Json{{"name", name},
                          {"cat", stepKindName(t.type)},
                          {"ph", "X"},
                          {"ts", t.startNs / 1000.0},
                          {"dur", (t.endNs - t.startNs) / 1000.0},
                          {"pid", pid},
                          {"tid", static_cast<int>(t.lane) + 1},
                          {"args", std::move(args)}});
  }
}

/// Flow arrows producer -> transfer -> consumer, each a "s" inside the slice it leaves
/// and a "f" inside the slice it enters ("bp": "e": bound to the enclosing slice; the
/// middle of a slice is inside it even when a neighbour touches its ends).
void addTraceFlows(Json& events, int pid, const Schedule& schedule) {
  std::map<std::pair<int, int>, const ScheduleTask*> compute;  // (frame, layer) -> task
  for (const ScheduleTask& t : schedule.tasks)
    if (t.type == StepKind::Compute) compute[{t.frame, t.layerId}] = &t;
  auto flowEvent = [pid](const char* ph, int id, const ScheduleTask& in, int frame) {
    Json e{{"name", "dataflow"}, {"cat", "dataflow"}, {"ph", ph}, {"id", id},
           {"ts", (in.startNs + in.endNs) / 2000.0}, {"pid", pid}, {"tid", static_cast<int>(in.lane) + 1},
           {"args", Json{{"frame", frame}}}};
    if (ph[0] == 'f') e["bp"] = "e";
    return e;
  };
  int id = 0;
  for (const ScheduleTask& t : schedule.tasks) {
    if (t.type != StepKind::Transfer) continue;
    const auto from = compute.find({t.frame, t.layerId});
    const auto to = compute.find({t.frame, t.consumerId});
    for (const auto& [source, target] : {std::pair{from != compute.end() ? from->second : nullptr, &t},
                                         std::pair{&t, to != compute.end() ? to->second : nullptr}}) {
      if (!source || !target) continue;
      ++id;
      events.push_back(flowEvent("s", id, *source, t.frame));
      events.push_back(flowEvent("f", id, *target, t.frame));
    }
  }
}

Json traceTotals(const Schedule& s) {
  return Json{{"arch", s.arch},
              {"objective", objectiveName(s.objective)},
              {"frames", s.frames},
              {"frame_latency_ns", s.frameLatencyNs},
              {"period_ns", s.periodNs},
              {"energy_per_frame_nj", s.energyPerFrameNj}};
}

}  // namespace

Json chromeTrace(const Schedule& schedule, const std::vector<Layer>& layers, const Schedule* npuOnly) {
  Json events = Json::array();
  addTraceProcess(events, kSystemPid, "NPU + CIM", {Lane::Npu, Lane::Cim, Lane::Link});
  addTraceTasks(events, kSystemPid, schedule, layers);
  addTraceFlows(events, kSystemPid, schedule);
  Json other = traceTotals(schedule);
  if (npuOnly) {
    addTraceProcess(events, kBaselinePid, "NPU-only baseline", {Lane::Npu});
    addTraceTasks(events, kBaselinePid, *npuOnly, layers);
    other["npu_only"] = traceTotals(*npuOnly);
  }
  return Json{{"traceEvents", std::move(events)}, {"displayTimeUnit", "ns"}, {"otherData", std::move(other)}};
}

}  // namespace h4h
