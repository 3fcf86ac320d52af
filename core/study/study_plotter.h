#pragma once
/// A study's plots are drawn with the studio's plotting code (Qt), which core cannot
/// include. This is the one place where a study folder reaches it: ui/study's
/// StudioStudyPlotter implements it; the CLI gets one from app/cli/report_pngs.h.

#include <string>
#include <vector>

namespace h4h {

struct StudyResult;

class StudyPlotter {
public:
  virtual ~StudyPlotter() = default;
  /// Writes `<plot.name>.png` for every plot of `result` into the existing folder `dir`;
  /// returns the file names it could not write (empty = all written).
  virtual std::vector<std::string> drawPngs(const StudyResult& result, const std::string& dir) = 0;
};

}  // namespace h4h
