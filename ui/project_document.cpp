#include "project_document.h"

#include <QFile>
#include <QFileInfo>

#include "project/project_io.h"

// The resources live in the static h4h_ui library, whose initialiser the linker
// drops unless something references it; Q_INIT_RESOURCE must be used outside a namespace.
static void initUiResources() { Q_INIT_RESOURCE(resources); }

namespace h4h::ui {

ProjectDocument::ProjectDocument(QObject* parent) : QObject(parent) {
  connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) {
    if (clean) setModified(false);
  });
}

void ProjectDocument::reset(Project project) {
  m_project = std::move(project);
  m_undo.clear();
  setModified(false);
  emit replaced();
  emit filePathChanged(filePath());
}

bool ProjectDocument::load(const QString& path, QStringList* errors) {
  ProjectLoad load = loadProject(path.toStdString());
  if (!load.project) {
    if (errors) {
      errors->clear();
      for (const auto& e : load.errors.items()) errors->append(QString::fromStdString(e.str()));
    }
    return false;
  }
  reset(std::move(*load.project));
  return true;
}

bool ProjectDocument::save(const QString& path, QString* error) {
  try {
    saveProject(m_project, path.toStdString());
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  m_undo.setClean();
  setModified(false);
  emit filePathChanged(filePath());
  return true;
}

QString ProjectDocument::filePath() const { return QString::fromStdString(m_project.filePath); }

QString ProjectDocument::displayName() const {
  if (!m_project.name.empty()) return QString::fromStdString(m_project.name);
  return m_project.filePath.empty() ? tr("untitled")
                                    : QFileInfo(filePath()).completeBaseName();
}

void ProjectDocument::setModified(bool modified) {
  if (m_modified == modified) return;
  m_modified = modified;
  emit modifiedChanged(modified);
}

Project newProjectFromTemplate() {
  initUiResources();
  QFile file(QStringLiteral(":/templates/new.h4h"));
  if (file.open(QIODevice::ReadOnly)) {
    ProjectLoad load = parseProjectText(file.readAll().toStdString(), std::string());
    if (load.project) {
      Project p = std::move(*load.project);
      p.name = "untitled";
      p.results = ProjectResults{};
      p.original = Json::object();
      return p;
    }
  }
  return Project{};
}

}  // namespace h4h::ui
