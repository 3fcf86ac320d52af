#pragma once
// The search's progress per generation under the Pareto plot: the normalised
// hypervolume of the front found so far (left axis) and the front's size (right axis),
// filled live from the search's generation events and from the stored search's
// history. Generations at the end whose hypervolume did not grow are shaded and
// labelled "stalled", so a search that stopped improving is visible at a glance.

#include <QVector>
#include <QWidget>

#include "util/json_fields.h"

class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QCPItemText;

namespace h4h::ui {

class SearchHistoryPlot : public QWidget {
  Q_OBJECT
public:
  explicit SearchHistoryPlot(QWidget* parent = nullptr);

  /// A stored search's history: [{generation, hypervolume, front?}, …] (front absent
  /// in searches saved before it was recorded).
  void setHistory(const Json& history);
  /// One more generation of a running search (replaces one with the same number).
  void addGeneration(int generation, double hypervolume, int frontSize);
  void clear();

  QCustomPlot* plot() const { return m_plot; }
  int generations() const { return m_generation.size(); }
  double hypervolumeAt(int i) const { return m_hypervolume.value(i); }
  int frontSizeAt(int i) const { return static_cast<int>(m_front.value(i, -1)); }
  /// Generations at the end without hypervolume growth (0 = still improving).
  int stalledGenerations() const { return m_stalled; }

private:
  void redraw();

  QCustomPlot* m_plot;
  QCPGraph* m_hvGraph;
  QCPGraph* m_frontGraph;
  QCPItemRect* m_stallBand;
  QCPItemText* m_stallText;
  QCPItemText* m_placeholder;
  QVector<double> m_generation, m_hypervolume, m_front;
  int m_stalled = 0;
};

}  // namespace h4h::ui
