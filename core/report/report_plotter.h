#pragma once
/// The report's pictures (training.png, pareto.png, gantt.png) are drawn with the
/// studio's plotting code (Qt), which core cannot include. This interface is the one
/// named place where the report reaches it: ui/report_pngs.h implements it, the CLI gets
/// it from app/cli/report_pngs.cpp (the only CLI file that needs the UI library), and
/// the studio's File ▸ Export report uses it on the GUI thread.

#include <string>
#include <vector>

namespace h4h {

struct RunReport;

class ReportPlotter {
public:
  virtual ~ReportPlotter() = default;
  /// Writes the PNGs of `report` into the existing folder `dir`; returns the file names
  /// it could not write (empty = all written).
  virtual std::vector<std::string> drawPngs(const RunReport& report, const std::string& dir) = 0;
};

}  // namespace h4h
