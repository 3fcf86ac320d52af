#pragma once
// A study's plot (core/study/study_types.h: bars, histogram, scatter, line) drawn on a
// QCustomPlot: the one drawing code of the Studies tab's plots and of the PNGs in a
// study folder, so both look the same.

#include <QSize>
#include <QString>

#include "study/study_types.h"

class QCustomPlot;

namespace h4h::ui {

/// Clears `plot` and draws `data` on it: axes and their labels, one graph or bar set per
/// series in the studio's series colours, reference lines with their labels, a legend
/// when there is more than one series or a reference line, and the title.
void fillStudyPlot(QCustomPlot& plot, const StudyPlot& data);

/// fillStudyPlot on an offscreen plot saved as PNG at `path`; false when it could not
/// be written. Needs a QApplication (the offscreen platform is enough).
bool renderStudyPlotPng(const StudyPlot& data, const QString& path, QSize size = QSize(1000, 650));

}  // namespace h4h::ui
