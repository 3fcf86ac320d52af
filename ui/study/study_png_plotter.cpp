#include "ui/study/study_png_plotter.h"

#include <QString>
#include <filesystem>

#include "study/study_types.h"
#include "ui/study/study_plot.h"

namespace h4h::ui {

std::vector<std::string> StudioStudyPlotter::drawPngs(const StudyResult& result, const std::string& dir) {
  std::vector<std::string> problems;
  for (const StudyPlot& plot : result.plots) {
    const std::string name = plot.name + ".png";
    const QString path = QString::fromStdString((std::filesystem::path(dir) / name).string());
    if (!renderStudyPlotPng(plot, path)) problems.push_back(name);
  }
  return problems;
}

}  // namespace h4h::ui
