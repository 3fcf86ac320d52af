#include "ui/search/parallel_coords_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <limits>

#include "space/arch_key.h"
#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {
/// Dominated lines drawn at most (an even sample): more only darken the grey.
constexpr int kMaxDominatedLines = 3000;
constexpr double kMarginLeft = 30, kMarginRight = 52, kTop = 36, kBottom = 22;

/// Per stage: width, MBConv depth, ViT depth of an arch key ({} when it does not parse).
std::vector<double> choicesOf(const std::string& key) {
  std::vector<double> v;
  try {
    const Arch a = parseArchKey(key);
    for (const StageArch& s : a.stages) {
      v.push_back(s.width);
      v.push_back(s.mbDepth);
      v.push_back(s.vitDepth);
    }
  } catch (const std::exception&) {
  }
  return v;
}
}  // namespace

ParallelCoordsView::ParallelCoordsView(QWidget* parent) : QWidget(parent) {
  setObjectName("ParallelCoordsView");
  setMouseTracking(false);
  setBackgroundRole(QPalette::Base);
  setAutoFillBackground(true);
}

void ParallelCoordsView::setPoints(const ParetoPointSet* points, std::vector<int> objectiveMetrics) {
  m_points = points;
  m_objectives = std::move(objectiveMetrics);
}

void ParallelCoordsView::setSelectedKey(const std::string& key) {
  if (key == m_selected) return;
  m_selected = key;
  if (!m_axes.empty()) rebuild();  // a dominated line may not be in the drawn sample
  else update();
}

void ParallelCoordsView::rebuild() {
  m_axes.clear();
  m_lines.clear();
  if (!m_points || m_points->empty()) {
    m_choices.clear();
    update();
    return;
  }
  // Choices per point, and the stage count (the longest key's).
  std::vector<std::vector<double>> raw(static_cast<std::size_t>(m_points->size()));
  std::size_t choiceAxes = 0;
  for (int i = 0; i < m_points->size(); ++i) {
    const std::string& key = m_points->at(i).key;
    auto cached = m_choices.find(key);  // a key always parses alike: parse it once
    if (cached == m_choices.end()) cached = m_choices.emplace(key, choicesOf(key)).first;
    raw[static_cast<std::size_t>(i)] = cached->second;
    choiceAxes = std::max(choiceAxes, raw[static_cast<std::size_t>(i)].size());
  }
  for (std::size_t a = 0; a < choiceAxes; ++a) {
    static const char* kWhat[] = {"width", "depth", "ViT"};
    Axis axis;
    axis.title = QString("S%1\n%2").arg(a / 3 + 1).arg(QString::fromLatin1(kWhat[a % 3]));
    m_axes.push_back(axis);
  }
  for (int m : m_objectives) {
    Axis axis;
    const ParetoMetricInfo& info = paretoMetrics()[static_cast<std::size_t>(m)];
    axis.title = QString::fromLatin1(info.label).section(' ', 0, 0) +
                 (QString::fromLatin1(info.unit).isEmpty() ? QString() : QString("\n(%1)").arg(info.unit));
    axis.metric = m;
    axis.maximised = info.maximised;
    m_axes.push_back(axis);
  }
  for (int i = 0; i < m_points->size(); ++i) {
    std::vector<double>& r = raw[static_cast<std::size_t>(i)];
    r.resize(choiceAxes, NAN);
    for (int m : m_objectives) r.push_back(paretoDisplayValue(m, m_points->value(i, m)));
  }
  for (std::size_t a = 0; a < m_axes.size(); ++a) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& r : raw)
      if (std::isfinite(r[a])) {
        lo = std::min(lo, r[a]);
        hi = std::max(hi, r[a]);
      }
    m_axes[a].lo = std::isfinite(lo) ? lo : 0;
    m_axes[a].hi = std::isfinite(hi) ? hi : 1;
  }
  // A choice every arch makes alike (a stage without ViT choices) says nothing: no axis.
  std::vector<std::size_t> kept;
  for (std::size_t a = 0; a < m_axes.size(); ++a)
    if (m_axes[a].metric >= 0 || m_axes[a].hi > m_axes[a].lo) kept.push_back(a);
  if (kept.size() < m_axes.size()) {
    std::vector<Axis> axes;
    for (std::size_t a : kept) axes.push_back(m_axes[a]);
    m_axes = std::move(axes);
    for (auto& r : raw) {
      std::vector<double> values;
      for (std::size_t a : kept) values.push_back(r[a]);
      r = std::move(values);
    }
  }
  // Dominated (sampled) first, front last: the front is drawn on top.
  int dominated = 0;
  for (const ParetoPoint& p : m_points->points()) dominated += p.onFront ? 0 : 1;
  const int stride = std::max(1, (dominated + kMaxDominatedLines - 1) / kMaxDominatedLines);
  std::vector<Line> front;
  int seen = 0;
  for (int i = 0; i < m_points->size(); ++i) {
    const ParetoPoint& p = m_points->at(i);
    const bool keep = p.onFront || p.key == m_selected || (seen++ % stride) == 0;
    if (!keep) continue;
    Line line{i, {}};
    for (std::size_t a = 0; a < m_axes.size(); ++a) {
      const Axis& axis = m_axes[a];
      const double v = raw[static_cast<std::size_t>(i)][a];
      line.at.push_back(axis.hi > axis.lo ? (v - axis.lo) / (axis.hi - axis.lo) : (std::isfinite(v) ? 0.5 : NAN));
    }
    (p.onFront ? front : m_lines).push_back(std::move(line));
  }
  for (Line& l : front) m_lines.push_back(std::move(l));
  update();
}

QString ParallelCoordsView::axisTitle(int axis) const { return m_axes[static_cast<std::size_t>(axis)].title; }

QRectF ParallelCoordsView::plotRect() const {
  return QRectF(kMarginLeft, kTop, std::max(1.0, width() - kMarginLeft - kMarginRight),
                std::max(1.0, height() - kTop - kBottom));
}

double ParallelCoordsView::axisX(int axis) const {
  const QRectF r = plotRect();
  const int n = axisCount();
  return n <= 1 ? r.center().x() : r.left() + r.width() * axis / (n - 1);
}

QPointF ParallelCoordsView::pixelAt(const Line& line, int axis) const {
  const QRectF r = plotRect();
  const double t = line.at[static_cast<std::size_t>(axis)];
  return QPointF(axisX(axis), std::isfinite(t) ? r.bottom() - t * r.height() : NAN);
}

QPointF ParallelCoordsView::pixelOf(const std::string& key, int axis) const {
  for (const Line& l : m_lines)
    if (m_points->at(l.point).key == key && axis >= 0 && axis < axisCount()) return pixelAt(l, axis);
  return QPointF(-1, -1);
}

std::string ParallelCoordsView::keyAt(const QPointF& pixel, double radius) const {
  const int n = axisCount();
  if (!m_points || n == 0 || m_lines.empty()) return {};
  // The segment under the cursor: between axis k and k + 1.
  int k = 0;
  while (k + 1 < n - 1 && pixel.x() > axisX(k + 1)) ++k;
  const double x0 = axisX(k), x1 = n > 1 ? axisX(k + 1) : x0;
  const double t = x1 > x0 ? std::clamp((pixel.x() - x0) / (x1 - x0), 0.0, 1.0) : 0.0;
  double best = radius;
  int found = -1;
  for (std::size_t i = m_lines.size(); i-- > 0;) {  // top-most (front) first
    const Line& l = m_lines[i];
    const QPointF a = pixelAt(l, k), b = n > 1 ? pixelAt(l, k + 1) : a;
    if (!std::isfinite(a.y()) || !std::isfinite(b.y())) continue;
    const double d = std::fabs(a.y() + t * (b.y() - a.y()) - pixel.y());
    if (d < best) {
      best = d;
      found = l.point;
    }
  }
  return found >= 0 ? m_points->at(found).key : std::string();
}

QString ParallelCoordsView::tickText(const Axis& axis, double value) const {
  if (axis.metric >= 0) return QString::number(value, 'g', 3);
  return QString::number(value, 'g', 4);
}

void ParallelCoordsView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const QRectF r = plotRect();
  painter.setFont(plotTickFont());
  if (m_axes.empty()) {
    painter.setPen(mutedColor().darker(150));
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Each evaluated arch appears here as a line across its choices and objectives."));
    return;
  }
  auto polyline = [&](const Line& l) {
    QPainterPath path;
    bool pen = false;
    for (int a = 0; a < axisCount(); ++a) {
      const QPointF p = pixelAt(l, a);
      if (!std::isfinite(p.y())) {
        pen = false;
        continue;
      }
      if (pen) path.lineTo(p);
      else path.moveTo(p);
      pen = true;
    }
    return path;
  };
  const QColor dominated(150, 150, 150, 40);
  const QColor front = seriesColor(0);
  const ParetoPoint* selected = nullptr;
  const Line* selectedLine = nullptr;
  for (const Line& l : m_lines) {
    const ParetoPoint& p = m_points->at(l.point);
    if (p.key == m_selected) {
      selected = &p;
      selectedLine = &l;
      continue;
    }
    painter.setRenderHint(QPainter::Antialiasing, p.onFront);
    painter.setPen(p.onFront ? QPen(front, 1.4) : QPen(dominated, 1));
    painter.drawPath(polyline(l));
  }
  if (selected) {
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(220, 0, 0), 3));
    painter.drawPath(polyline(*selectedLine));
  }
  // Axes on top, with their range and title.
  painter.setRenderHint(QPainter::Antialiasing, false);
  const QFontMetrics fm(painter.font());
  for (int a = 0; a < axisCount(); ++a) {
    const Axis& axis = m_axes[static_cast<std::size_t>(a)];
    const double x = axisX(a);
    painter.setPen(QPen(axis.metric >= 0 ? QColor(60, 60, 60) : QColor(120, 120, 120), 1));
    painter.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
    // Titles and ranges share the space between two axes: elided, never overlapping.
    painter.setPen(QColor(40, 40, 40));
    const double w = std::max(12.0, (axisCount() > 1 ? axisX(1) - axisX(0) : r.width()) - 4);
    auto text = [&](const QRectF& box, int align, const QString& t) {
      painter.drawText(box, align, fm.elidedText(t, Qt::ElideRight, static_cast<int>(box.width())));
    };
    text(QRectF(x - w / 2, 2, w, fm.height()), Qt::AlignHCenter | Qt::AlignBottom, axis.title.section('\n', 0, 0));
    text(QRectF(x - w / 2, 2 + fm.height(), w, fm.height()), Qt::AlignHCenter | Qt::AlignBottom,
         axis.title.section('\n', 1));
    painter.setPen(QColor(90, 90, 90));
    text(QRectF(x - w / 2, r.bottom() + 2, w, kBottom - 2), Qt::AlignHCenter | Qt::AlignTop, tickText(axis, axis.lo));
    text(QRectF(x + 2, r.top() - 1, w - 2, fm.height()), Qt::AlignLeft | Qt::AlignTop, tickText(axis, axis.hi));
  }
}

void ParallelCoordsView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  const std::string key = keyAt(event->position());
  if (!key.empty()) emit archClicked(QString::fromStdString(key));
}

}  // namespace h4h::ui
