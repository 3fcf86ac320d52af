#pragma once
// The Search tab: the search settings, Start / Resume / Cancel driving a SearchRunJob
// through the shared JobRunner (a JobPageController), the live Pareto plot and the table of evaluated archs
// (selection kept in sync both ways and stored as results.selected), earlier runs
// overlaid faded, the hardware what-if (every arch re-scored after a hardware edit,
// the front recomputed),
// Export subnet… for the selected arch. Points arrive through a SearchFeed drained on
// a ~25 Hz single-shot timer; the plot is not redrawn while the tab is hidden. A
// finished or cancelled search lands in results.pareto and results.search_state (an
// undoable edit), so Save keeps it and Open restores the view.
// Three files, one job each: search_page.cpp runs the search and keeps the points
// (live feed, stored results, what-if re-score, redraw); search_page_layout.cpp
// builds the widgets and picks the axes; search_page_selection.cpp follows the
// selected arch and exports its subnet.

#include <QWidget>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "ui/search/pareto_plot.h"
#include "ui/search/pareto_points.h"
#include "ui/search/search_page_job.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTabWidget;
class QTimer;

namespace h4h::ui {

class JobPageController;
class JobRunner;
class ParallelCoordsView;
class ParetoFilterProxy;
class ParetoRescorer;
struct ArchRescore;
class ParetoTableModel;
class ProjectDocument;
class SearchHistoryPlot;
class SearchSettingsForm;
class StatusLine;

class SearchPage : public QWidget {
  Q_OBJECT
public:
  SearchPage(ProjectDocument* document, JobRunner* runner, QWidget* parent = nullptr);
  ~SearchPage() override;

  /// What the buttons do; false with statusText() saying why when nothing started.
  bool start();
  bool resume();
  void cancel();
  bool isSearching() const { return m_job != nullptr; }

  /// Selects an arch of the current points (plot ring, table row, results.selected as
  /// an undoable edit; consecutive selections merge into one undo step).
  void selectArch(const QString& key);
  /// Exports the selected arch's subnet into `dir` on the job runner; false with the
  /// reason in statusText() when it cannot start (no selection, no trained supernet).
  bool exportSelectedSubnet(const QString& dir);
  /// Chooses the plot's axes and colour by metric key ("" colour = none).
  void setAxes(const QString& x, const QString& y, const QString& colour);
  /// Drains the feed and redraws now (normally on the timer).
  void flush();

  /// Replaces how the accuracy evaluator is built (tests).
  void setAccuracyFactory(AccuracyFactory factory) {
    m_accuracyFactory = std::move(factory);
    m_customAccuracy = true;
  }
  /// Tests turn message boxes off.
  void setDialogsEnabled(bool on) { m_dialogs = on; }

  ParetoPlot* plot() const { return m_plot; }
  SearchHistoryPlot* historyPlot() const { return m_history; }
  ParallelCoordsView* parallelCoords() const { return m_parallel; }
  /// The tabs under the plot (hypervolume, parallel coordinates).
  QTabWidget* views() const { return m_views; }
  QTableView* table() const { return m_table; }
  ParetoTableModel* tableModel() const { return m_model; }
  ParetoFilterProxy* tableProxy() const { return m_proxy; }
  SearchSettingsForm* settingsForm() const { return m_settings; }
  ParetoRescorer* rescorer() const { return m_rescorer; }
  const ParetoPointSet& points() const { return m_points; }
  const std::vector<ParetoRun>& previousRuns() const { return m_previous; }
  QString statusText() const;
  QString liveText() const;
  /// The accuracy predictor's line ("" when hidden: supernet mode without a stored predictor).
  QString predictorText() const;
  /// Re-scores since the document was opened (what-if updates applied: every arch shown
  /// measured again on the project's hardware, the front recomputed).
  int rescoresApplied() const { return m_rescoresApplied; }

signals:
  /// The user asked to see an arch's schedule (double-click, "Show schedule").
  void scheduleRequested(const QString& key);

protected:
  void showEvent(QShowEvent* event) override;

private:
  bool launch(bool resume);
  void onEvent(const QString& kind, const QByteArray& json);
  void onFinished(JobStatus status, const QString& message);
  void onResultsChanged();
  void onHardwareChanged();
  /// Re-scores every shown arch on the project's hardware (points greyed meanwhile).
  void requestRescore(const QString& why);
  /// After open: a what-if saved with the project left the search's metrics stale.
  void rescoreIfMeasuredElsewhere();
  void onRescored(std::shared_ptr<ArchRescore> result);
  void showRescoreProgress();
  void reloadFromResults();
  void drain();
  void scheduleRedraw();
  void redrawPlot();
  void syncSelection();
  void updateSelectionBox();
  void updateButtons();
  void updateAxesFromCombos();
  /// X, Y and colour from the project's objectives (accuracy on Y when searched).
  void axesForObjectives();
  void setStatus(const QString& text, bool error = false);
  /// The predictor line from the project's stored predictor (hidden without one).
  void showStoredPredictor();
  void pushPreviousRun(const QString& label);
  QWidget* buildLeftColumn();
  QWidget* buildPlotArea();

  ProjectDocument* m_document;
  JobPageController* m_jobs = nullptr;
  AccuracyFactory m_accuracyFactory;
  SearchSettingsForm* m_settings;
  ParetoPlot* m_plot;
  SearchHistoryPlot* m_history;
  ParallelCoordsView* m_parallel;
  QTabWidget* m_views = nullptr;
  ParetoTableModel* m_model;
  ParetoFilterProxy* m_proxy;
  QTableView* m_table;
  ParetoRescorer* m_rescorer;
  QComboBox* m_xCombo = nullptr;
  QComboBox* m_yCombo = nullptr;
  QComboBox* m_colourCombo = nullptr;
  QComboBox* m_showCombo = nullptr;
  QLineEdit* m_filter = nullptr;
  QPushButton* m_start = nullptr;
  QPushButton* m_resume = nullptr;
  QPushButton* m_cancel = nullptr;
  QPushButton* m_showSchedule = nullptr;
  QPushButton* m_export = nullptr;
  StatusLine* m_status = nullptr;
  QLabel* m_live = nullptr;
  StatusLine* m_predictor = nullptr;   // the accuracy predictor's figures
  QLabel* m_selection = nullptr;
  QLineEdit* m_selectionKey = nullptr;
  QTimer* m_redrawTimer;
  QTimer* m_rescoreTick;               // the re-score's progress in the status line
  QString m_rescoreWhy;

  ParetoPointSet m_points;
  std::vector<ParetoRun> m_previous;
  std::shared_ptr<SearchFeed> m_feed;
  std::shared_ptr<SearchRunJob> m_job;
  SearchConfig m_runConfig;            // the settings the running search uses
  std::vector<std::string> m_axesObjectives;  // objectives the axes were last chosen for
  std::unordered_set<std::string> m_liveFront;
  bool m_frontDirty = false;
  bool m_plotDirty = true;
  bool m_syncing = false;
  bool m_dialogs = true;
  bool m_customAccuracy = false;
  int m_runs = 0;
  int m_rescoresApplied = 0;
  Json m_shownResults;                 // signature of the results the points were built from
  ParetoFront m_cleanPareto;                  // results.pareto as last saved / opened
  std::shared_ptr<const ArchRescore> m_rescored;  // every arch on the current hardware (what-if)
};

}  // namespace h4h::ui
