#pragma once
// The title block above an exported Gantt chart (PNG, PDF, the report's gantt.png): what
// a slide needs to stand alone — the project, the arch key, the hardware in one line and
// the totals with the comparison against NPU only.

#include <QString>
#include <string>

#include "hw/hardware_config.h"
#include "sched/pipeline.h"

class QPainter;

namespace h4h::ui {

struct GanttTitle {
  QString project;   ///< the project's name
  QString arch;      ///< the arch key (wrapped anywhere: keys have no spaces)
  QString hardware;  ///< hardwareSummary()
  QString totals;    ///< latency, steady-state period, frames/s, energy / frame, against NPU only

  /// The lines as plain text, one per line.
  QString plainText() const;
};

/// "NPU 32×8 array (256 MACs/cycle) at 1 GHz · CIM 4 macros × 1.00 MiB, 1 compute unit
/// per macro at 0.5 GHz · link through sram, DMA 16 GB/s".
QString hardwareSummary(const HardwareConfig& hw);

/// The block for a schedule; `npuOnly` (may be null) adds the comparison.
GanttTitle ganttTitle(const std::string& projectName, const std::string& arch, const HardwareConfig& hw,
                      const Schedule& schedule, const Schedule* npuOnly);

/// Height in pixels of the block laid out `width` pixels wide; with a painter, also
/// paints it with its top-left corner at the painter's origin.
int paintGanttTitle(QPainter* painter, const GanttTitle& title, int width);

}  // namespace h4h::ui
