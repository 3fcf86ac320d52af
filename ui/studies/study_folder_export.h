#pragma once
// Export folder… of the Studies tab: copies a study's folder (study.md, CSVs, PNGs) to a
// place the user chose, on a JobRunner of its own, so that a study running meanwhile is
// not disturbed and the GUI never waits on the disk. The copy is atomic (core's
// copyFolderAtomically): a failure or cancel leaves nothing half-copied, and a folder
// already at the target is moved aside, never merged into.

#include <QObject>
#include <QString>

namespace h4h::ui {

class JobRunner;

class StudyFolderExporter : public QObject {
  Q_OBJECT
public:
  explicit StudyFolderExporter(QObject* parent = nullptr);
  ~StudyFolderExporter() override;

  /// Starts copying folder `from` to `to` (which becomes the copy); false with the reason
  /// in `why` when it cannot start (an export runs, `from` is no folder).
  bool start(const QString& from, const QString& to, QString* why = nullptr);
  bool isRunning() const;
  void cancel();

signals:
  /// ok: the folder was copied; message says where (and what was moved aside), or why not.
  void finished(bool ok, const QString& message);

private:
  JobRunner* m_runner;
};

}  // namespace h4h::ui
