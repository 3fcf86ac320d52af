#include "ui/schedule/network_layout.h"

#include <algorithm>

namespace h4h::ui {

namespace {

constexpr double kBoxWidth = 96;
constexpr double kBoxHeight = 22;
constexpr double kRowGap = 10;
constexpr double kColumnGap = 44;  // room for the arcs between columns
constexpr double kHeader = 26;     // the block's name above its column
constexpr double kPad = 8;

/// A residual edge: out of the source's right side, into the add's left side. Within a
/// column it bows out to the right (past the boxes between them), across columns it
/// sags below both ends so that it never runs along the chain's lines.
QPainterPath residualArc(const QRectF& source, const QRectF& add, bool sameColumn) {
  QPainterPath path;
  if (sameColumn) {
    const QPointF from(source.right(), source.center().y()), to(add.right(), add.center().y());
    const double bow = 14 + 0.12 * (to.y() - from.y());
    path.moveTo(from);
    path.cubicTo(from + QPointF(bow, 0), to + QPointF(bow, 0), to);
  } else {
    const QPointF from(source.center().x(), source.bottom()), to(add.left(), add.center().y());
    const double sag = std::max(from.y(), to.y()) + 24;
    path.moveTo(from);
    path.cubicTo(QPointF(from.x(), sag), QPointF(to.x() - 30, sag), to);
  }
  return path;
}

}  // namespace

int NetworkLayout::layerAt(const QPointF& point) const {
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (layers[i].contains(point)) return static_cast<int>(i);
  return -1;
}

NetworkLayout layoutNetwork(const std::vector<Layer>& layers) {
  NetworkLayout out;
  out.layers.resize(layers.size());
  std::vector<int> column(layers.size(), 0);
  double bottom = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const QString block = QString::fromStdString(layers[i].block);
    if (out.blocks.empty() || out.blocks.back().name != block) {
      NetworkBlock b;
      b.name = block;
      b.first = b.last = static_cast<int>(i);
      out.blocks.push_back(b);
    }
    NetworkBlock& b = out.blocks.back();
    b.last = static_cast<int>(i);
    const double x = kPad + double(out.blocks.size() - 1) * (kBoxWidth + kColumnGap);
    const double y = kPad + kHeader + double(b.last - b.first) * (kBoxHeight + kRowGap);
    out.layers[i] = QRectF(x, y, kBoxWidth, kBoxHeight);
    column[i] = static_cast<int>(out.blocks.size() - 1);
    bottom = std::max(bottom, y + kBoxHeight);
  }
  for (NetworkBlock& b : out.blocks) {
    const QRectF& first = out.layers[std::size_t(b.first)];
    const QRectF& last = out.layers[std::size_t(b.last)];
    b.rect = QRectF(first.left() - 4, first.top() - kHeader + 2, kBoxWidth + 8,
                    last.bottom() - first.top() + kHeader + 2);
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const int src = layers[i].residualSource;
    if (layers[i].kind != LayerKind::Add || src < -1 || src >= static_cast<int>(i)) continue;
    // The network input (-1) is drawn as a point left of the first box.
    const QRectF source =
        src >= 0 ? out.layers[std::size_t(src)] : QRectF(0, out.layers[0].top(), 1, kBoxHeight);
    const bool sameColumn = src >= 0 && column[std::size_t(src)] == column[i];
    out.residuals.push_back(
        {src, static_cast<int>(i), residualArc(source, out.layers[i], sameColumn)});
  }
  out.bounds = QRectF(0, 0, kPad * 2 + double(out.blocks.size()) * (kBoxWidth + kColumnGap),
                      bottom + 40 + kPad);
  return out;
}

}  // namespace h4h::ui
