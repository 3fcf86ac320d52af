#pragma once
/// Files written from a Schedule: its JSON (what the project's results and the studio
/// reload), a CSV with one task per row, and Chrome trace-event JSON that Perfetto and
/// chrome://tracing open as a timeline (one process per device, one track per lane).

#include <string>
#include <vector>

#include "graph/layer.h"
#include "sched/pipeline.h"
#include "util/json_fields.h"
#include "util/text_output.h"  // writeTextFile, which the exports' callers write them with

namespace h4h {

constexpr const char* kScheduleFormat = "h4h-schedule";
constexpr int kScheduleVersion = 1;

/// Everything in the Schedule, snake_case keys, times in ns, energies in nJ.
Json scheduleToJson(const Schedule& schedule);
/// Inverse of scheduleToJson; records every problem under `path` (e.g.
/// `schedule.tasks[3].lane: must be one of npu, cim, link ("gpu")`).
Schedule scheduleFromJson(const Json& json, const std::string& path, ErrorList& errors);
/// The same, throwing InputError with all problems.
Schedule scheduleFromJsonOrThrow(const Json& json, const std::string& path = "schedule");

/// Header + one row per task: frame,layer_id,block,kind,lane,type,consumer_id,
/// start_ns,end_ns,duration_ns,energy_nj,bytes.
std::string scheduleCsv(const Schedule& schedule);

/// Trace-event JSON ({"traceEvents": [...], "displayTimeUnit": "ns"}) that Perfetto and
/// chrome://tracing open: process 1 "NPU + CIM" is the schedule with one track per lane
/// (tid 1/2/3 = NPU/CIM/LINK); process 2 "NPU-only baseline" (when `npuOnly` is given) is
/// that schedule on its NPU track. Tasks are complete events (ph "X", ts/dur in µs) whose
/// args hold the layer, frame, timing, energy and (from `layers`, when the id is in range)
/// MACs and weight bytes; each transfer has flow arrows (ph "s" / "f", one id per arrow)
/// from its producer's slice to it and from it to its consumer's slice; metadata (ph "M")
/// names and orders processes and tracks; otherData holds the totals (npu_only: the baseline's).
Json chromeTrace(const Schedule& schedule, const std::vector<Layer>& layers, const Schedule* npuOnly = nullptr);

}  // namespace h4h
