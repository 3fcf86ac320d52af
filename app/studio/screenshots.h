#pragma once
// The studio's hidden --screenshot-dir mode (scripts/screenshots.sh): shows every tab
// of the main window in turn and saves it as a PNG, for the documentation.

#include <QString>

namespace h4h::ui {
class MainWindow;
}

namespace h4h::studio {

/// Saves "NN_<tab>.png" for every tab into `dir` (created), then the Schedule tab's
/// Network and Compare views ("NN_schedule___network.png", ...). When the project has a
/// Pareto front but no selected arch, selects a front arch with layers on the CIM first
/// so that the Schedule tab has something to show. Returns the number of files written.
int saveTabScreenshots(ui::MainWindow& window, const QString& dir);

}  // namespace h4h::studio
