#include "ui/schedule/gantt_bars.h"

#include <algorithm>
#include <limits>

#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {
constexpr double kLabelPadPx = 3.0;
constexpr double kFrameStripPx = 4.0;
const QColor kTransferMark(170, 0, 60);

bool isDark(const QColor& c) { return 0.299 * c.redF() + 0.587 * c.greenF() + 0.114 * c.blueF() < 0.55; }

/// A bar out of focus: mixed towards white, opaque (alpha blending 1000s of bars is slow).
QColor faded(const QColor& c) {
  constexpr double kKeep = 0.4;
  auto mix = [](int v) { return static_cast<int>(255 - kKeep * (255 - v)); };
  return QColor(mix(c.red()), mix(c.green()), mix(c.blue()));
}

QFont labelFont() {
  QFont font = plotTickFont();
  font.setPointSizeF(font.pointSizeF() * 0.9);
  return font;
}
}  // namespace

GanttBars::GanttBars(QCPAxis* keyAxis, QCPAxis* valueAxis, double barHeight, QCPRange valueRange)
    : QCPAbstractPlottable(keyAxis, valueAxis),
      m_barHeight(barHeight),
      m_valueRange(valueRange),
      m_labelFont(labelFont()),
      m_labelMetrics(m_labelFont) {
  setSelectable(QCP::stNone);
}

QRectF GanttBars::barRect(const Bar& b) const {
  const double x0 = keyAxis()->coordToPixel(b.start);
  double x1 = keyAxis()->coordToPixel(b.end);
  if (x1 - x0 < 1.0) x1 = x0 + 1.0;  // keep very short tasks visible
  const double y0 = valueAxis()->coordToPixel(b.lane + m_barHeight / 2);
  const double y1 = valueAxis()->coordToPixel(b.lane - m_barHeight / 2);
  return QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized();
}

int GanttBars::barAt(const QPointF& pixel) const {
  int found = -1;
  double bestWidth = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < m_bars.size(); ++i) {
    const QRectF r = barRect(m_bars[i]).adjusted(-1.5, 0, 1.5, 0);
    if (r.contains(pixel) && r.width() < bestWidth) {  // the narrowest under the cursor
      bestWidth = r.width();
      found = static_cast<int>(i);
    }
  }
  return found;
}

int GanttBars::highlightedCount() const {
  if (m_highlight < 0) return 0;
  int n = 0;
  for (const Bar& b : m_bars) n += b.layer == m_highlight;
  return n;
}

bool GanttBars::isHighlightedTransfer(const Bar& b) const {
  return m_highlight >= 0 && b.transfer && (b.producer == m_highlight || b.consumer == m_highlight);
}

int GanttBars::highlightedTransferCount() const {
  int n = 0;
  for (const Bar& b : m_bars) n += isHighlightedTransfer(b);
  return n;
}

QString GanttBars::visibleLabel(const Bar& b) const {
  const QRectF r = barRect(b);
  if (r.width() < 2 * kLabelPadPx + 4 || r.height() < m_labelMetrics.height() + kFrameStripPx) return {};
  for (const QString* text : {&b.label, &b.shortLabel})
    if (!text->isEmpty() && m_labelMetrics.horizontalAdvance(*text) + 2 * kLabelPadPx <= r.width()) return *text;
  return {};
}

QCPRange GanttBars::getKeyRange(bool& found, QCP::SignDomain) const {
  found = !m_bars.empty();
  QCPRange r(0, 1);
  if (!found) return r;
  r = QCPRange(m_bars.front().start, m_bars.front().end);
  for (const Bar& b : m_bars) r.expand(QCPRange(b.start, b.end));
  return r;
}

QCPRange GanttBars::getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const {
  found = !m_bars.empty();
  return m_valueRange;
}

void GanttBars::drawBar(QCPPainter* painter, const Bar& b, const QRectF& r) const {
  const bool dimmed = m_highlight >= 0 && b.layer != m_highlight && !isHighlightedTransfer(b);
  const QColor c = dimmed ? faded(b.color) : b.color;
  painter->fillRect(r, c);
  if (r.width() <= 4) return;
  if (b.frame % 2 == 1) painter->fillRect(r, QBrush(QColor(255, 255, 255, 120), Qt::BDiagPattern));
  const QColor strip = dimmed ? faded(frameColor(b.frame)) : frameColor(b.frame);
  painter->fillRect(QRectF(r.left(), r.top(), r.width(), std::min(kFrameStripPx, r.height() / 4)), strip);
  painter->setPen(QPen(c.darker(150), 0.6));
  painter->setBrush(Qt::NoBrush);
  painter->drawRect(r);
  const QString label = visibleLabel(b);
  if (label.isEmpty()) return;
  painter->setFont(m_labelFont);
  const QColor ink = isDark(c) ? QColor(255, 255, 255) : QColor(20, 20, 20);
  painter->setPen(dimmed ? faded(ink) : ink);
  painter->drawText(r.adjusted(kLabelPadPx, kFrameStripPx, -kLabelPadPx, 0), Qt::AlignCenter, label);
}

void GanttBars::draw(QCPPainter* painter) {
  const QRectF clip = clipRect();
  std::vector<const Bar*> marked;
  for (const Bar& b : m_bars) {
    const QRectF r = barRect(b);
    if (r.right() < clip.left() || r.left() > clip.right()) continue;
    drawBar(painter, b, r);
    if (m_highlight >= 0 && (b.layer == m_highlight || isHighlightedTransfer(b))) marked.push_back(&b);
  }
  painter->setBrush(Qt::NoBrush);
  for (const Bar* b : marked) {
    painter->setPen(QPen(b->transfer ? kTransferMark : QColor(10, 10, 10), 2.2));
    painter->drawRect(barRect(*b).adjusted(-1.5, -1.5, 1.5, 1.5));
  }
}

}  // namespace h4h::ui
