#pragma once
// The bundled demo project with an arch selected, as the Schedule tab's tests open it.

#include "project/project.h"

namespace h4h::test {

/// projects/demo.h4h with results.selected = its largest (or smallest) arch.
Project demoWithSelection(bool largest = true);

}  // namespace h4h::test
