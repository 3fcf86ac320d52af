#pragma once
// The words of the Gantt chart: a task's hover details and a selected time range's sums.

#include <QString>
#include <vector>

#include "graph/layer.h"
#include "sched/pipeline.h"
#include "ui/schedule/schedule_stats.h"

namespace h4h::ui {

/// Rich text: the layer (block, kind, its colour group, shapes, MACs) or the transfer /
/// reload, device, frame, start, duration and energy.
QString taskTooltip(const ScheduleTask& task, const std::vector<Layer>& layers, bool baseline);
/// Rich text: the range, each lane's busy share, MACs, energy, and how many tasks the
/// edges cut (counted in proportion).
QString rangeStatsText(const RangeStats& stats);

}  // namespace h4h::ui
