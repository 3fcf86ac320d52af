#pragma once
// "Export subnet…" of the Search tab: whether the selected arch can be exported (a
// trained supernet must exist: its weights are copied), and the export as a Job for the
// shared JobRunner (loading the supernet and recalibrating BN take a while).

#include <QString>
#include <memory>
#include <string>

#include "jobs/job.h"
#include "project/project.h"

namespace h4h::ui {

/// Why the project's selected arch cannot be exported now ("" = it can): no selection,
/// an unsaved project, no trained supernet, a key that does not parse.
QString subnetExportProblem(const Project& project);

/// A job writing the selected subnet into `dir` (subnet_export.h); its result message
/// names the weights file and the parameter count.
std::shared_ptr<Job> makeSubnetExportJob(const Project& project, const std::string& dir);

}  // namespace h4h::ui
