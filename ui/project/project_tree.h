#pragma once
// The project tree dock (DESIGN §10): the open project's sections at a glance (space,
// hardware, training runs, search, results with the selected arch and the front, studies);
// activating an item opens the tab that edits or shows it.

#include <QTreeWidget>

namespace h4h::ui {

class ProjectDocument;

class ProjectTree : public QTreeWidget {
  Q_OBJECT
public:
  explicit ProjectTree(ProjectDocument* document, QWidget* parent = nullptr);

  /// The text of every item, depth-first ("section: detail"), for tests.
  QStringList itemTexts() const;
  QSize sizeHint() const override { return QSize(230, 320); }

signals:
  /// The user activated an item; `tab` is the title of the tab that shows it.
  void tabRequested(const QString& tab);
  /// The user activated a stored study (after tabRequested): results.studies[index].
  void studyRequested(int index);

private:
  void refresh();

  ProjectDocument* m_document;
};

}  // namespace h4h::ui
