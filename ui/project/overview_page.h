#pragma once
// The project overview: name, file, what the project's runs produced and the next step
// to take (links open the tab), then a one-paragraph summary of each section.

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace h4h::ui {

class ProjectDocument;

class OverviewPage : public QWidget {
  Q_OBJECT
public:
  explicit OverviewPage(ProjectDocument* document, QWidget* parent = nullptr);
  /// The summary as shown (HTML), for tests and reports.
  QString summaryHtml() const;

signals:
  /// A "next step" link was clicked: the tab with this title should be shown.
  void tabRequested(const QString& title);

private:
  void refresh();

  ProjectDocument* m_document;
  QLabel* m_title;
  QLabel* m_path;
  QTextBrowser* m_summary;
};

/// HTML summary of every section of a project.
QString projectSummaryHtml(const class ProjectDocument& document);

}  // namespace h4h::ui
