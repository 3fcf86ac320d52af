#pragma once
// The one place where the CLI reaches the UI library: the report's PNGs are drawn
// with the studio's plotting code (ui/report_pngs.h) under a QApplication, on the
// offscreen platform when there is no display.

#include <memory>

#include "report/report_plotter.h"

namespace h4h::cli {

/// A plotter that owns the QApplication its drawing needs; create it on the main thread.
std::unique_ptr<ReportPlotter> makeReportPlotter();

}  // namespace h4h::cli
