#include "ui/search/pareto_hit_index.h"

#include <algorithm>
#include <cmath>

namespace h4h::ui {

void ParetoHitIndex::clear() {
  m_pixels.clear();
  m_preferred.clear();
  m_cellStart.clear();
  m_order.clear();
  m_cols = m_rows = 0;
}

int ParetoHitIndex::cellOf(double x, double y) const {
  const int c = static_cast<int>((x - m_area.left()) / kCell);
  const int r = static_cast<int>((y - m_area.top()) / kCell);
  if (x < m_area.left() || y < m_area.top() || c >= m_cols || r >= m_rows) return -1;
  return r * m_cols + c;
}

void ParetoHitIndex::build(std::vector<QPointF> pixels, std::vector<bool> preferred, const QRectF& area) {
  clear();
  m_pixels = std::move(pixels);
  m_preferred = std::move(preferred);
  m_preferred.resize(m_pixels.size(), false);
  // The shown area, or where the points are when the plot has no layout yet (hidden).
  QRectF bounds;
  for (const QPointF& p : m_pixels)
    if (std::isfinite(p.x()) && std::isfinite(p.y())) bounds |= QRectF(p, QSizeF(1, 1));
  const QRectF shown = area.adjusted(-kCell, -kCell, kCell, kCell);
  m_area = shown.width() > kCell * 2 && shown.height() > kCell * 2 ? shown & bounds.adjusted(-1, -1, 1, 1) : bounds;
  if (!(m_area.width() > 0) || !(m_area.height() > 0)) return;
  m_area.setWidth(std::min(m_area.width(), kCell * kMaxCells));
  m_area.setHeight(std::min(m_area.height(), kCell * kMaxCells));
  m_cols = static_cast<int>(std::ceil(m_area.width() / kCell));
  m_rows = static_cast<int>(std::ceil(m_area.height() / kCell));
  const int cells = m_cols * m_rows;
  std::vector<int> cellOfPoint(m_pixels.size(), -1);
  m_cellStart.assign(static_cast<std::size_t>(cells) + 1, 0);
  for (std::size_t i = 0; i < m_pixels.size(); ++i) {
    const QPointF& p = m_pixels[i];
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
    const int cell = cellOf(p.x(), p.y());
    cellOfPoint[i] = cell;
    if (cell >= 0) ++m_cellStart[static_cast<std::size_t>(cell) + 1];
  }
  for (std::size_t c = 0; c < static_cast<std::size_t>(cells); ++c) m_cellStart[c + 1] += m_cellStart[c];
  m_order.assign(static_cast<std::size_t>(m_cellStart.back()), 0);
  std::vector<int> fill(m_cellStart.begin(), m_cellStart.end() - 1);
  for (std::size_t i = 0; i < m_pixels.size(); ++i) {
    const int cell = cellOfPoint[i];
    if (cell >= 0) m_order[static_cast<std::size_t>(fill[static_cast<std::size_t>(cell)]++)] = static_cast<int>(i);
  }
}

bool ParetoHitIndex::tieBreak(int a, int b) const {
  const bool pa = m_preferred[static_cast<std::size_t>(a)], pb = m_preferred[static_cast<std::size_t>(b)];
  return pa != pb ? pa : a < b;
}

int ParetoHitIndex::nearest(const QPointF& pixel, double radius) const {
  if (m_cols == 0) return -1;
  const int c0 = std::max(0, static_cast<int>(std::floor((pixel.x() - radius - m_area.left()) / kCell)));
  const int c1 = std::min(m_cols - 1, static_cast<int>(std::floor((pixel.x() + radius - m_area.left()) / kCell)));
  const int r0 = std::max(0, static_cast<int>(std::floor((pixel.y() - radius - m_area.top()) / kCell)));
  const int r1 = std::min(m_rows - 1, static_cast<int>(std::floor((pixel.y() + radius - m_area.top()) / kCell)));
  double best = radius * radius;
  int found = -1;
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c) {
      const auto cell = static_cast<std::size_t>(r * m_cols + c);
      for (int k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
        const int i = m_order[static_cast<std::size_t>(k)];
        const QPointF d = m_pixels[static_cast<std::size_t>(i)] - pixel;
        const double d2 = d.x() * d.x() + d.y() * d.y();
        if (d2 < best || (d2 == best && found >= 0 && tieBreak(i, found))) {
          best = d2;
          found = i;
        }
      }
    }
  return found;
}

}  // namespace h4h::ui
