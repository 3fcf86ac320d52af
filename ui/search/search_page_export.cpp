#include "ui/search/search_page_export.h"

#include <QFileInfo>
#include <QObject>

#include "model/subnet_export.h"
#include "space/arch_key.h"

namespace h4h::ui {

QString subnetExportProblem(const Project& project) {
  if (project.results.selected.empty()) return QObject::tr("Select an arch first (click a point or a row).");
  try {
    parseArchKey(project.results.selected);
  } catch (const std::exception& e) {
    return QObject::tr("Cannot export: %1").arg(QString::fromUtf8(e.what()));
  }
  const QString ckpt = project.filePath.empty() ? QString() : QString::fromStdString(defaultCheckpointPath(project));
  if (ckpt.isEmpty() || !QFileInfo::exists(ckpt))
    return QObject::tr("Cannot export the subnet: there is no trained supernet (%1). Train the supernet "
                       "in the Training tab first; the subnet's weights are taken from it.")
        .arg(ckpt.isEmpty() ? QObject::tr("the project is not saved yet") : QObject::tr("%1 not found").arg(ckpt));
  return {};
}

std::shared_ptr<Job> makeSubnetExportJob(const Project& project, const std::string& dir) {
  const Arch arch = parseArchKey(project.results.selected);
  return std::make_shared<FunctionJob>("export subnet", [project, arch, dir](JobContext& ctx) {
    ctx.progress(0.1, "export", "loading the supernet");
    const ExportResult r = exportSubnet(project, arch, dir);
    JobResult result;
    result.message = "wrote " + r.weightsPath + " (" + std::to_string(r.parameters) + " parameters)";
    return result;
  });
}

}  // namespace h4h::ui
