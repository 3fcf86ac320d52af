#include "ui/project/project_document.h"

#include <QDir>
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
  m_diskCheck.setSingleShot(true);
  m_diskCheck.setInterval(150);
  connect(&m_diskCheck, &QTimer::timeout, this, &ProjectDocument::checkDisk);
  connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_diskCheck.start(); });
  connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_diskCheck.start(); });
}

void ProjectDocument::reset(Project project) {
  m_project = std::move(project);
  m_announced = FileFingerprint{};
  m_keepOwn = false;
  m_undo.clear();
  setModified(false);
  watchFile();
  emit replaced();
  emit filePathChanged(filePath());
}

void ProjectDocument::watchFile() {
  const QStringList watched = m_watcher.files() + m_watcher.directories();
  if (!watched.isEmpty()) m_watcher.removePaths(watched);
  if (m_project.filePath.empty()) return;
  const QString link = filePath();
  const QString target = QString::fromStdString(resolveWriteTarget(m_project.filePath));
  QStringList paths{link, QFileInfo(link).absolutePath()};
  if (target != link) paths << target << QFileInfo(target).absolutePath();
  paths.removeDuplicates();
  for (const QString& p : paths)
    if (QFileInfo::exists(p)) m_watcher.addPath(p);
}

bool ProjectDocument::fileChangedOnDisk() const {
  if (m_project.filePath.empty() || !m_project.diskState.exists) return false;
  try {
    return fileChangedSince(m_project.filePath, m_project.diskState);
  } catch (const std::exception&) {
    return false;  // unreadable now: the next save reports it
  }
}

void ProjectDocument::checkDisk() {
  if (m_project.filePath.empty() || !m_project.diskState.exists || m_keepOwn) return;
  // A rename over the file drops it from the watcher: watch the new one.
  if (!m_watcher.files().contains(filePath()) && QFileInfo::exists(filePath()))
    m_watcher.addPath(filePath());
  FileFingerprint now;
  try {
    now = fingerprintFile(m_project.filePath);
  } catch (const std::exception&) {
    return;
  }
  if (!now.exists || now.sameContent(m_project.diskState) || now.sameContent(m_announced)) return;
  m_announced = now;
  emit changedOnDisk();
}

bool ProjectDocument::reloadFromDisk(QStringList* errors) { return load(filePath(), errors); }

void ProjectDocument::keepOwnVersion() {
  try {
    m_project.diskState = fingerprintFile(m_project.filePath);
  } catch (const std::exception&) {
  }
  m_announced = FileFingerprint{};
  m_keepOwn = true;
  setModified(true);
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

bool ProjectDocument::save(const QString& path, QString* error, const SaveOptions& options,
                           bool* changedOnDisk) {
  if (changedOnDisk) *changedOnDisk = false;
  try {
    saveProject(m_project, path.toStdString(), options);
  } catch (const ProjectChangedOnDisk& e) {
    if (changedOnDisk) *changedOnDisk = true;
    if (error) *error = QString::fromStdString(e.what());
    return false;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  m_announced = FileFingerprint{};
  m_keepOwn = false;
  m_undo.setClean();
  setModified(false);
  watchFile();
  emit filePathChanged(filePath());
  return true;
}

QString ProjectDocument::filePath() const { return QString::fromStdString(m_project.filePath); }

QString ProjectDocument::dialogPath(const QString& name) const {
  const QString file = filePath();
  if (file.isEmpty()) return name;
  const QDir folder = QFileInfo(file).absoluteDir();
  return name.isEmpty() ? folder.absolutePath() : folder.filePath(name);
}

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
