#pragma once
// A study's PNGs drawn with the studio's plotting code (study_plot.h): core's
// StudyPlotter (study/study_plotter.h) for `h4h study` and the Studies tab's export.
// Needs a QApplication and the GUI thread (the plots are widgets).

#include "study/study_plotter.h"

namespace h4h::ui {

class StudioStudyPlotter : public StudyPlotter {
public:
  /// `<plot.name>.png` for every plot of `result`.
  std::vector<std::string> drawPngs(const StudyResult& result, const std::string& dir) override;
};

}  // namespace h4h::ui
