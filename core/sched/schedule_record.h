#pragma once
/// One entry of `results.schedules`: the schedule computed for an arch, typed. Reading
/// validates it with scheduleFromJson's field paths (`results.schedules[0].tasks[3].lane:
/// ...`); top-level fields this build does not know are kept and written back.

#include <string>
#include <vector>

#include "sched/pipeline.h"
#include "util/json_fields.h"

namespace h4h {

struct ScheduleRecord {
  Schedule schedule;
  Json unknown = Json::object();  ///< fields this build does not know, written back as read

  const std::string& arch() const { return schedule.arch; }
  /// scheduleToJson(schedule) with the unknown fields.
  Json toJson() const;
  static ScheduleRecord fromJson(const Json& json, const std::string& path, ErrorList& errors);

  bool operator==(const ScheduleRecord& o) const { return toJson() == o.toJson(); }
  bool operator!=(const ScheduleRecord& o) const { return !(*this == o); }
};

using ScheduleRecords = std::vector<ScheduleRecord>;

Json scheduleRecordsToJson(const ScheduleRecords& records);
ScheduleRecords scheduleRecordsFromJson(const Json& json, const std::string& path, ErrorList& errors);

}  // namespace h4h
