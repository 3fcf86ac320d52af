#pragma once
/// The accuracy signal a study runs with, the same from `h4h study` and the Studies tab:
/// the project's trained supernet, or, for a study that needs a signal
/// (Study::needsAccuracySignal, e.g. vit-ratio), the named synflow proxy where the project
/// has no trained supernet.

#include "eval/search_setup.h"
#include "study/study.h"

namespace h4h {

AccuracyFactory studyAccuracyFactory(const Study& study);

}  // namespace h4h
