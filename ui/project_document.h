#pragma once
// The open project as the studio sees it: the core Project, its file, the
// modified flag and the undo stack. Views read it and listen to its signals;
// edits go through undo commands that call the mutators here.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUndoStack>

#include "project/project.h"

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
  /// Saves atomically; on failure returns false with the reason.
  bool save(const QString& path, QString* error);

  QString filePath() const;
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

private:
  void setModified(bool modified);

  Project m_project;
  bool m_modified = false;
  QUndoStack m_undo;
};

/// A new project from the bundled template (the demo space), named "untitled".
Project newProjectFromTemplate();

}  // namespace h4h::ui
