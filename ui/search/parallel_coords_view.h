#pragma once
// Parallel coordinates of the evaluated archs: one vertical axis per choice (each
// stage's width, MBConv depth and ViT depth) and per objective, each arch a line
// across them, so which choices the front makes (and what they cost) shows as a
// bundle. Front lines are drawn in colour over the grey dominated ones (a sample of
// them when there are many), the selected arch thick red; a click selects the line
// nearest the cursor. Painted directly (no plot items): thousands of lines in one pass.

#include <QWidget>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/search/pareto_points.h"

namespace h4h::ui {

class ParallelCoordsView : public QWidget {
  Q_OBJECT
public:
  explicit ParallelCoordsView(QWidget* parent = nullptr);

  /// The archs (read at rebuild(), must outlive it) and the objective metrics shown.
  void setPoints(const ParetoPointSet* points, std::vector<int> objectiveMetrics);
  void setSelectedKey(const std::string& key);
  const std::string& selectedKey() const { return m_selected; }
  /// Recomputes the axes and lines from the points (callers coalesce calls).
  void rebuild();

  int axisCount() const { return static_cast<int>(m_axes.size()); }
  QString axisTitle(int axis) const;
  int lineCount() const { return static_cast<int>(m_lines.size()); }
  /// Pixel of an arch's line on an axis (nullopt-like: x < 0 when not drawn).
  QPointF pixelOf(const std::string& key, int axis) const;
  /// Key of the line nearest `pixel` within `radius` pixels ("" = none).
  std::string keyAt(const QPointF& pixel, double radius = 6.0) const;

signals:
  void archClicked(const QString& key);

protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  QSize sizeHint() const override { return {600, 200}; }
  QSize minimumSizeHint() const override { return {200, 140}; }

private:
  struct Axis {
    QString title;
    double lo = 0, hi = 1;
    int metric = -1;  // objective metric, -1 for a choice
    bool maximised = false;
  };
  struct Line {
    int point;                 // index into the set
    std::vector<double> at;    // per axis in [0, 1] (0 = bottom); NaN when absent
  };
  QRectF plotRect() const;
  double axisX(int axis) const;
  QPointF pixelAt(const Line& line, int axis) const;
  QString tickText(const Axis& axis, double value) const;

  const ParetoPointSet* m_points = nullptr;
  std::vector<int> m_objectives;
  std::string m_selected;
  std::vector<Axis> m_axes;
  std::vector<Line> m_lines;  // front lines last (drawn on top)
  std::unordered_map<std::string, std::vector<double>> m_choices;  // arch key -> its choices
};

}  // namespace h4h::ui
