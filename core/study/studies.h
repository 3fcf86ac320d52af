#pragma once
/// The studies this build has, one factory each (the registry, study_registry.cpp,
/// lists them in help order).

#include <memory>

#include "study/study.h"

namespace h4h {

std::unique_ptr<Study> makeSystemStudy();        // system_study.cpp
std::unique_ptr<Study> makeComputeUnitsStudy();  // compute_units_study.cpp
std::unique_ptr<Study> makeVitRatioStudy();      // vit_ratio_study.cpp
std::unique_ptr<Study> makeTpiStudy();           // tpi_study.cpp

}  // namespace h4h
