#include "cli/report_pngs.h"

#include <QApplication>
#include <QByteArray>

#include "ui/report/report_png_plotter.h"

namespace h4h::cli {

namespace {

class CliReportPlotter : public ReportPlotter {
public:
  CliReportPlotter() {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
      qputenv("QT_QPA_PLATFORM", "offscreen");
    m_app = std::make_unique<QApplication>(s_argc, s_argv);
  }

  std::vector<std::string> drawPngs(const RunReport& report, const std::string& dir) override {
    return m_plotter.drawPngs(report, dir);
  }

private:
  static inline int s_argc = 1;
  static inline char s_name[] = "h4h";
  static inline char* s_argv[] = {s_name, nullptr};
  std::unique_ptr<QApplication> m_app;
  ui::StudioReportPlotter m_plotter;
};

}  // namespace

std::unique_ptr<ReportPlotter> makeReportPlotter() { return std::make_unique<CliReportPlotter>(); }

}  // namespace h4h::cli
