#pragma once
// Which drawn point is under the mouse, fast with 100,000 points: the points' pixel
// positions binned into a uniform grid of square cells, so a hover looks at the few
// cells around the cursor instead of every point. Built from pixel positions, so it
// holds for linear and log axes alike; rebuilt when the points or the axes change.

#include <QPointF>
#include <QRectF>
#include <vector>

namespace h4h::ui {

class ParetoHitIndex {
public:
  /// Bins `pixels` (one per point; a non-finite one is left out) lying within `area`
  /// grown by one cell. `preferred[i]` wins ties (front members are drawn on top).
  void build(std::vector<QPointF> pixels, std::vector<bool> preferred, const QRectF& area);
  void clear();
  bool empty() const { return m_pixels.empty(); }

  /// Index of the point nearest `pixel` within `radius` pixels; -1 when none.
  int nearest(const QPointF& pixel, double radius) const;

private:
  static constexpr double kCell = 16.0;  // px: a hover radius spans one or two cells
  static constexpr int kMaxCells = 1024;  // per side: points beyond a 16,384 px area are left out
  int cellOf(double x, double y) const;
  /// Of two points at the same distance: the preferred one, else the lower index.
  bool tieBreak(int a, int b) const;

  std::vector<QPointF> m_pixels;
  std::vector<bool> m_preferred;
  QRectF m_area;
  int m_cols = 0, m_rows = 0;
  std::vector<int> m_cellStart;  // per cell, start into m_order (counting sort; one extra at the end)
  std::vector<int> m_order;      // point indices grouped by cell
};

}  // namespace h4h::ui
