#pragma once
// The open project as the studio sees it: the core Project, its file, the
// modified flag and the undo stack. Views read it and listen to its signals;
// edits go through undo commands that call the mutators here.

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUndoStack>

#include "project/project.h"
#include "project/project_io.h"

namespace h4h::ui {

class ProjectDocument : public QObject {
  Q_OBJECT
public:
  explicit ProjectDocument(QObject* parent = nullptr);

  const Project& project() const { return m_project; }
  /// Replaces the whole project (e.g. New); clears undo history and the modified flag.
  void reset(Project project);
  /// Loads a file; on failure the current project is left untouched and the
  /// errors (one `path: problem (value)` each) are returned through `errors`.
  bool load(const QString& path, QStringList* errors);
  /// Saves atomically; on failure returns false with the reason. A save over the
  /// document's own file whose content another program changed since it was loaded
  /// is refused (changedOnDisk set) unless options.overwriteChanged.
  bool save(const QString& path, QString* error, const SaveOptions& options = {},
            bool* changedOnDisk = nullptr);

  /// Whether the file's content differs from what the document last read or wrote.
  bool fileChangedOnDisk() const;
  /// Looks at the file now and emits changedOnDisk() once per new content (the
  /// watcher calls it; tests may too).
  void checkDisk();
  /// Reloads the file from disk (Reload in the changed-on-disk dialog).
  bool reloadFromDisk(QStringList* errors);
  /// Keeps this version (Keep): the document counts as modified, its next save
  /// replaces the changed file, and further changes are not announced until then.
  void keepOwnVersion();

  QString filePath() const;
  /// Where a save or export dialog starts: `name` in the project file's folder (the
  /// working directory while the project has no file).
  QString dialogPath(const QString& name = QString()) const;
  QString displayName() const;
  bool isModified() const { return m_modified; }
  QUndoStack* undoStack() { return &m_undo; }

  /// Applies an edit to the project and marks it modified. `what` names the
  /// changed section ("space", "hardware", "results", ...) for listeners.
  template <typename Fn>
  void edit(const QString& what, Fn&& fn) {
    fn(m_project);
    setModified(true);
    emit changed(what);
    if (what == QLatin1String("hardware")) emit hardwareChanged();
  }

signals:
  /// The whole project was replaced (new, open).
  void replaced();
  /// A section changed.
  void changed(const QString& section);
  /// The hardware section changed (after changed("hardware")): views that hold
  /// hardware-dependent numbers (Pareto what-if re-score) recompute them.
  void hardwareChanged();
  void modifiedChanged(bool modified);
  void filePathChanged(const QString& path);
  /// Another program changed the open file (e.g. `h4h search` saved results).
  void changedOnDisk();

private:
  void setModified(bool modified);
  /// Watches the file and its folder (a save by rename replaces the file's inode).
  void watchFile();

  Project m_project;
  bool m_modified = false;
  QUndoStack m_undo;
  QFileSystemWatcher m_watcher;
  QTimer m_diskCheck;           ///< coalesces watcher bursts (temp file, rename)
  FileFingerprint m_announced;  ///< the changed content already announced
  bool m_keepOwn = false;       ///< Keep was chosen: no more questions until the next load or save
};

/// A new project from the bundled template (the demo space), named "untitled".
Project newProjectFromTemplate();

}  // namespace h4h::ui
