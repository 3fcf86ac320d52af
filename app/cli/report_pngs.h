#pragma once
// The one place where the CLI reaches the UI library: the report's and the studies'
// PNGs are drawn with the studio's plotting code (ui/report, ui/study) under a
// QApplication, on the offscreen platform when there is no display.

#include <memory>

#include "report/report_plotter.h"
#include "study/study_plotter.h"

namespace h4h::cli {

/// A plotter that owns the QApplication its drawing needs; create it on the main thread,
/// at most one plotter at a time.
std::unique_ptr<ReportPlotter> makeReportPlotter();
/// The same for a study's plots (h4h study).
std::unique_ptr<StudyPlotter> makeStudyPlotter();

}  // namespace h4h::cli
