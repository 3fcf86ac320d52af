#include "cli/report_pngs.h"

#include <QApplication>
#include <QByteArray>

#include "ui/report/report_png_plotter.h"
#include "ui/study/study_png_plotter.h"

namespace h4h::cli {

namespace {

/// The QApplication the plots need, offscreen when there is no display.
class PlotApplication {
public:
  PlotApplication() {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
      qputenv("QT_QPA_PLATFORM", "offscreen");
    m_app = std::make_unique<QApplication>(s_argc, s_argv);
  }

private:
  static inline int s_argc = 1;
  static inline char s_name[] = "h4h";
  static inline char* s_argv[] = {s_name, nullptr};
  std::unique_ptr<QApplication> m_app;
};

class CliReportPlotter : public ReportPlotter {
public:
  std::vector<std::string> drawPngs(const RunReport& report, const std::string& dir) override {
    return m_plotter.drawPngs(report, dir);
  }

private:
  PlotApplication m_app;
  ui::StudioReportPlotter m_plotter;
};

class CliStudyPlotter : public StudyPlotter {
public:
  std::vector<std::string> drawPngs(const StudyResult& result, const std::string& dir) override {
    return m_plotter.drawPngs(result, dir);
  }

private:
  PlotApplication m_app;
  ui::StudioStudyPlotter m_plotter;
};

}  // namespace

std::unique_ptr<ReportPlotter> makeReportPlotter() { return std::make_unique<CliReportPlotter>(); }

std::unique_ptr<StudyPlotter> makeStudyPlotter() { return std::make_unique<CliStudyPlotter>(); }

}  // namespace h4h::cli
