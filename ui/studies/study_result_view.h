#pragma once
// The right side of the Studies tab: one study's result (a snapshot while it runs, a
// finished one, or one read back from its folder). A header says what the study asks
// and with which settings; a picker chooses among its tables and the headline numbers
// beside the seed paper's; the table's and the study's notes sit under the table; one
// tab per plot below, drawn by ui/study's fillStudyPlot (the same code that draws the
// PNGs in the folder). The table and plot the user picked stay picked as rows arrive.

#include <QWidget>
#include <vector>

#include "study/study_types.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QTabWidget;
class QTableView;

namespace h4h::ui {

class StudyTableModel;

class StudyResultView : public QWidget {
  Q_OBJECT
public:
  explicit StudyResultView(QWidget* parent = nullptr);

  /// Shows `result`, keeping the chosen table and plot when they still exist.
  void setResult(const StudyResult& result);
  /// Shows nothing but `message` (no study yet, a folder that cannot be read).
  void showMessage(const QString& message);
  bool hasResult() const { return m_hasResult; }
  const StudyResult& result() const { return m_result; }

  /// Chooses the table by its name (the headlines entry is "headlines"); false when absent.
  bool selectTable(const QString& name);
  QString selectedTable() const;
  QComboBox* tablePicker() const { return m_picker; }
  QTableView* tableView() const { return m_table; }
  StudyTableModel* tableModel() const { return m_model; }
  QTabWidget* plotTabs() const { return m_plots; }
  /// The plot widgets, one per plot of the result, in order.
  const std::vector<QCustomPlot*>& plots() const { return m_plotWidgets; }
  QString headerText() const;
  QString notesText() const;

private:
  void fillPicker();
  void showSelectedTable();
  void fillPlots();

  QLabel* m_header;
  QComboBox* m_picker;
  QTableView* m_table;
  StudyTableModel* m_model;
  QLabel* m_notes;
  QTabWidget* m_plots;
  std::vector<QCustomPlot*> m_plotWidgets;
  StudyResult m_result;
  StudyTable m_headlines;  // the headlines as a table (the picker's last entry)
  bool m_hasResult = false;
};

/// The headline numbers beside the seed paper's, as a table: headline, this study, seed paper, unit.
StudyTable headlineTable(const std::vector<StudyHeadline>& headlines);

}  // namespace h4h::ui
