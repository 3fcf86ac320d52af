#include "sched/schedule_record.h"

#include "sched/schedule_export.h"
#include "util/json_array.h"

namespace h4h {

Json ScheduleRecord::toJson() const {
  Json j = scheduleToJson(schedule);
  addUnknownFields(j, unknown);
  return j;
}

ScheduleRecord ScheduleRecord::fromJson(const Json& json, const std::string& path, ErrorList& errors) {
  ScheduleRecord r;
  r.schedule = scheduleFromJson(json, path, errors);
  if (!json.is_object()) return r;
  // The keys scheduleToJson writes are the ones this build knows.
  const Json known = scheduleToJson(Schedule{});
  for (const auto& [k, v] : json.items())
    if (!known.contains(k)) r.unknown[k] = v;
  return r;
}

Json scheduleRecordsToJson(const ScheduleRecords& records) { return writeJsonArray(records); }

ScheduleRecords scheduleRecordsFromJson(const Json& json, const std::string& path, ErrorList& errors) {
  return readJsonArray(json, path, errors, &ScheduleRecord::fromJson);
}

}  // namespace h4h
