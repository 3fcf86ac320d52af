#pragma once
// The Overview's account of what the project holds: results of each stage (training
// runs, the search and its front, the selected arch, studies) and the next step to take,
// with links ("tab:<title>") that open the tab where it is taken.

#include <QString>

namespace h4h {
struct Project;
}

namespace h4h::ui {

/// HTML: a "Results" section, one row per stage that has run ("not yet" otherwise).
QString projectResultsHtml(const Project& project);

/// HTML: a "Next step" section — the first stage the project still needs, as a link to
/// its tab, then what can follow.
QString nextStepHtml(const Project& project);

}  // namespace h4h::ui
