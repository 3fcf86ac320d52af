#pragma once
// The Search tab's Pareto scatter: any two metrics on the axes and a third as colour
// (a binned gradient with a colour scale), the archive's non-dominated archs drawn
// large with an outline, dominated ones small, archs over a budget as grey crosses,
// the front in the shown axes as a step line, archs whose accuracy is predicted (and
// shown) as hollow markers of the same colour, budget lines, earlier runs faded
// behind, the selected arch ringed. One QCPGraph per style class and colour bin (never
// one item per point), so 10,000 points replot in milliseconds. Axes follow the data
// until the user pans or zooms; resetView() (or a double-click on empty space) returns
// to following. Hover shows the arch key and its metrics; a click selects.

#include <QList>
#include <QPointF>
#include <QSharedPointer>
#include <QSize>
#include <QString>
#include <QVector>
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ui/search/pareto_hit_index.h"
#include "ui/search/pareto_points.h"

class QCustomPlot;
class QCPGraph;
class QCPColorScale;
class QCPAbstractItem;
class QCPItemText;
class QCPAxisTicker;
class QAction;
class QMouseEvent;

namespace h4h::ui {

/// An earlier run drawn faded behind the current one.
class ParetoDensity;

struct ParetoRun {
  QString label;
  ParetoPointSet points;
};

class ParetoPlot : public QWidget {
  Q_OBJECT
public:
  explicit ParetoPlot(QWidget* parent = nullptr);
  ~ParetoPlot() override;

  QCustomPlot* plot() const { return m_plot; }

  /// Metric ids (paretoMetrics()); colour -1 = one colour.
  void setAxes(int xMetric, int yMetric, int colourMetric);
  int xMetric() const { return m_x; }
  int yMetric() const { return m_y; }
  int colourMetric() const { return m_colour; }

  /// What to draw. The sets are read at redraw() and must outlive it.
  void setPoints(const ParetoPointSet* current, const std::vector<ParetoRun>* previous = nullptr);
  void setBudgets(const std::vector<SearchConfig::Budget>& budgets);
  void setSelectedKey(const std::string& key);
  /// While the points' metrics are being re-measured (what-if): every point drawn grey,
  /// no front, a legend entry saying so.
  void setStale(bool stale) { m_stale = stale; }
  bool stale() const { return m_stale; }
  const std::string& selectedKey() const { return m_selected; }

  /// Rebuilds every series from the sets and replots (callers coalesce calls).
  void redraw();
  /// Fits the axes to the data again and follows it from now on.
  void resetView();
  bool following() const { return m_follow; }
  /// Fits the axes to the front (feasible non-dominated archs) or to every arch within
  /// budget; false (view unchanged) when there is none.
  bool zoomToFront();
  bool zoomToFeasible();
  /// Log scale per axis (values <= 0 are not drawn on a log axis).
  void setLogScale(bool x, bool y);
  bool logX() const { return m_logX; }
  bool logY() const { return m_logY; }
  /// Reset view, zoom to front / feasible, log X / Y: the page's View menu and the
  /// plot's context menu.
  QList<QAction*> viewActions() const { return m_viewActions; }
  /// Dominated archs drawn as a density image (more than densityThreshold() of them).
  bool densityShown() const;
  /// The text an empty plot shows instead of points ("" when it has points).
  QString placeholderText() const;
  static int densityThreshold() { return 5000; }

  /// Key of the current run's point nearest `pixel` within `radius` pixels ("" = none):
  /// what hover and click use.
  std::string keyAt(const QPointF& pixel, double radius = 8.0) const;
  /// Pixel position (plot widget coordinates) of an arch of the current run.
  std::optional<QPointF> pixelOf(const std::string& key) const;
  /// Points drawn by the last redraw: current run (any style) and earlier runs.
  int drawnCurrent() const { return m_drawnCurrent; }
  int drawnPrevious() const { return m_drawnPrevious; }
  int drawnFront() const { return m_drawnFront; }
  int drawnInfeasible() const { return m_drawnInfeasible; }
  /// Points drawn hollow (accuracy predicted and shown; paretoMarkerHollow).
  int drawnHollow() const { return m_drawnHollow; }
  /// Whether the legend tells measured from predicted accuracies.
  bool legendShowsPredicted() const;
  /// Points not drawn because an arch with identical objective values sits at the same place.
  int mergedIdentical() const { return m_mergedIdentical; }
  /// Points of the step line (the front in the shown axes).
  int stepLinePoints() const;
  /// Budget lines drawn (one per bound on a shown axis).
  int budgetLines() const { return m_budgetLines; }
  /// The tooltip text shown for an arch (HTML).
  QString tooltipFor(const std::string& key) const;

signals:
  void archClicked(const QString& key);
  /// Double-click on a point: open it (the Schedule tab).
  void archActivated(const QString& key);

private:
  void onMouseMove(QMouseEvent* event);
  void onMouseRelease(QMouseEvent* event);
  void onDoubleClick(QMouseEvent* event);
  void buildGraphs();
  void drawBudgets();
  void updateColourScale(double lo, double hi);
  void updateLegendPlacement();
  void fitAxes();
  /// Fits the axes to the current points `keep` accepts (and the earlier runs when
  /// `withPrevious`); false when none has a value on both axes.
  bool fitTo(const std::function<bool(const ParetoPoint&)>& keep, bool withPrevious);
  void buildViewActions();
  void updatePlaceholder();
  void rebuildHitIndex() const;

  QCustomPlot* m_plot;
  QCPColorScale* m_colourScale;
  bool m_scaleShown = false;
  std::vector<QCPGraph*> m_previousGraphs;
  std::vector<QCPGraph*> m_dominatedBins;
  std::vector<QCPGraph*> m_frontBins;
  std::vector<QCPGraph*> m_dominatedHollowBins;  // accuracy predicted: outline only
  std::vector<QCPGraph*> m_frontHollowBins;
  QCPGraph* m_infeasible = nullptr;
  QCPGraph* m_staleGraph = nullptr;
  QCPGraph* m_step = nullptr;
  QCPGraph* m_selectedGraph = nullptr;
  QCPGraph* m_legendFront = nullptr;
  QCPGraph* m_legendDominated = nullptr;
  QCPGraph* m_legendMeasured = nullptr;
  QCPGraph* m_legendPredicted = nullptr;
  std::vector<QCPAbstractItem*> m_budgetItems;
  mutable ParetoHitIndex m_hits;    // what hover and click look up; stale after every replot
  mutable bool m_hitsDirty = true;

  const ParetoPointSet* m_points = nullptr;
  const std::vector<ParetoRun>* m_previous = nullptr;
  std::vector<SearchConfig::Budget> m_budgets;
  std::string m_selected;
  int m_x = 1, m_y = 2, m_colour = -1;
  bool m_follow = true;
  bool m_logX = false, m_logY = false;
  QList<QAction*> m_viewActions;
  QAction* m_logXAction = nullptr;
  QAction* m_logYAction = nullptr;
  std::unique_ptr<ParetoDensity> m_density;
  QCPItemText* m_placeholder = nullptr;
  QSharedPointer<QCPAxisTicker> m_linearTickerX, m_linearTickerY;  // what a log axis goes back to
  bool m_stale = false;
  bool m_applyingRange = false;
  QPointF m_pressPos;
  bool m_pressed = false;
  int m_drawnCurrent = 0, m_drawnPrevious = 0, m_drawnFront = 0, m_drawnInfeasible = 0;
  int m_budgetLines = 0;
  int m_mergedIdentical = 0;
  int m_drawnHollow = 0;
};

/// Renders a Pareto plot of `points` into a PNG without a window (reports, screenshots).
bool renderParetoPng(const ParetoPointSet& points, int xMetric, int yMetric, int colourMetric,
                     const std::vector<SearchConfig::Budget>& budgets, const std::string& selectedKey,
                     const QString& path, QSize size = QSize(1000, 700));

}  // namespace h4h::ui
