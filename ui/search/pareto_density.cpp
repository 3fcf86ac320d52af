#include "ui/search/pareto_density.h"

#include <QImage>
#include <QPixmap>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace h4h::ui {

namespace {
constexpr int kCellPx = 3;  // small enough to keep the cloud's shape, large enough to count in
}

ParetoDensity::ParetoDensity(QCustomPlot* plot, const QString& layer, QColor colour)
    : m_plot(plot), m_image(new QCPItemPixmap(plot)), m_colour(colour) {
  m_image->setLayer(layer);
  m_image->setSelectable(false);
  m_image->setClipToAxisRect(true);
  m_image->setScaled(true, Qt::IgnoreAspectRatio, Qt::FastTransformation);
  m_image->topLeft->setType(QCPItemPosition::ptAxisRectRatio);
  m_image->bottomRight->setType(QCPItemPosition::ptAxisRectRatio);
  m_image->topLeft->setCoords(0, 0);
  m_image->bottomRight->setCoords(1, 1);
  m_image->setVisible(false);
}

void ParetoDensity::setPoints(QVector<double> xs, QVector<double> ys) {
  m_xs = std::move(xs);
  m_ys = std::move(ys);
  m_dirty = true;
  m_image->setVisible(!m_xs.isEmpty());
}

void ParetoDensity::update() {
  if (m_xs.isEmpty()) return;
  const QCPAxis* xa = m_plot->xAxis;
  const QCPAxis* ya = m_plot->yAxis;
  const QRect rect = m_plot->axisRect()->rect();
  const double range[4] = {xa->range().lower, xa->range().upper, ya->range().lower, ya->range().upper};
  if (!m_dirty && rect == m_rect && std::equal(range, range + 4, m_range)) return;
  m_dirty = false;
  m_rect = rect;
  std::copy(range, range + 4, m_range);
  const int cols = std::max(1, (rect.width() + kCellPx - 1) / kCellPx);
  const int rows = std::max(1, (rect.height() + kCellPx - 1) / kCellPx);
  std::vector<int> counts(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows), 0);
  int most = 0;
  for (int i = 0; i < m_xs.size(); ++i) {
    const double px = xa->coordToPixel(m_xs[i]) - rect.left();
    const double py = ya->coordToPixel(m_ys[i]) - rect.top();
    if (!(px >= 0 && py >= 0 && px < rect.width() && py < rect.height())) continue;  // also NaN (log of <= 0)
    int& c = counts[static_cast<std::size_t>(int(py) / kCellPx) * static_cast<std::size_t>(cols) +
                    static_cast<std::size_t>(int(px) / kCellPx)];
    most = std::max(most, ++c);
  }
  QImage image(cols, rows, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::transparent);
  const double scale = most > 1 ? 1.0 / std::log(1.0 + most) : 1.0;
  for (int r = 0; r < rows; ++r) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
    for (int c = 0; c < cols; ++c) {
      const int n = counts[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c)];
      if (n == 0) continue;
      // A lone point still shows (alpha 70); the densest cell is nearly opaque.
      const int alpha = std::clamp(70 + static_cast<int>(180 * std::log(1.0 + n) * scale), 0, 250);
      line[c] = qPremultiply(qRgba(m_colour.red(), m_colour.green(), m_colour.blue(), alpha));
    }
  }
  m_image->setPixmap(QPixmap::fromImage(image));
}

}  // namespace h4h::ui
