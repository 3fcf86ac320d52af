#include "ui/schedule/network_view.h"

#include <QComboBox>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <functional>

#include "ui/common/plot_style.h"
#include "ui/common/units.h"
#include "ui/schedule/network_legend.h"

namespace h4h::ui {

namespace {

constexpr double kClickSlopPx = 4.0;
constexpr double kMinScale = 0.08, kMaxScale = 4.0;
const QColor kChainColor(120, 120, 120);
const QColor kResidualColor(213, 94, 0);
const QColor kHighlightColor(200, 20, 20);

/// The canvas: wheel zooms about the cursor, drag pans, a click (press and release
/// within a few pixels) reports the layer under it.
class NetworkCanvas : public QGraphicsView {
 public:
  NetworkCanvas(QGraphicsScene* scene, std::function<int(const QPointF&)> layerAt,
                std::function<void(int)> clicked)
      : QGraphicsView(scene), m_layerAt(std::move(layerAt)), m_clicked(std::move(clicked)) {
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setRenderHint(QPainter::Antialiasing);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setBackgroundBrush(Qt::white);
  }

 protected:
  void wheelEvent(QWheelEvent* event) override {
    const double factor = std::pow(1.0015, event->angleDelta().y());
    const double scale = std::clamp(transform().m11() * factor, kMinScale, kMaxScale);
    const double f = scale / transform().m11();
    QGraphicsView::scale(f, f);
    event->accept();
  }
  void mousePressEvent(QMouseEvent* event) override {
    m_press = event->position();
    QGraphicsView::mousePressEvent(event);
  }
  void mouseReleaseEvent(QMouseEvent* event) override {
    QGraphicsView::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton ||
        (event->position() - m_press).manhattanLength() > kClickSlopPx)
      return;
    const int layer = m_layerAt(mapToScene(event->position().toPoint()));
    if (layer >= 0) m_clicked(layer);
  }

 private:
  std::function<int(const QPointF&)> m_layerAt;
  std::function<void(int)> m_clicked;
  QPointF m_press;
};

}  // namespace

NetworkView::NetworkView(QWidget* parent)
    : QWidget(parent),
      m_colorBy(new QComboBox),
      m_legend(new NetworkLegend),
      m_scene(new QGraphicsScene(this)) {
  setObjectName("networkView");
  m_canvas = new NetworkCanvas(
      m_scene, [this](const QPointF& p) { return m_layout.layerAt(p); },
      [this](int layer) { emit layerClicked(layer); });
  m_canvas->setObjectName("networkCanvas");
  m_colorBy->setObjectName("networkColorBy");
  m_colorBy->addItem(tr("device"), int(ColorBy::Device));
  m_colorBy->addItem(tr("time share"), int(ColorBy::TimeShare));
  m_colorBy->setToolTip(
      tr("Colour each layer by the device it runs on, or by its share of the frame's latency"));
  auto* fit = new QPushButton(tr("Fit"));
  fit->setToolTip(tr("Show the whole network; wheel zooms, drag pans"));

  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Colour by")));
  bar->addWidget(m_colorBy);
  bar->addWidget(m_legend);
  bar->addStretch(1);
  bar->addWidget(new QLabel(tr("dashed arcs: residual adds")));
  bar->addWidget(fit);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(m_canvas, 1);

  connect(m_colorBy, &QComboBox::currentIndexChanged, this, &NetworkView::recolor);
  connect(fit, &QPushButton::clicked, this, &NetworkView::fitAll);
  clear();
}

void NetworkView::setNetwork(const std::vector<Layer>& layers, const Schedule& schedule) {
  m_layers = layers;
  m_schedule = schedule;
  m_share.assign(layers.size(), 0.0);
  for (const ScheduleTask& t : schedule.tasks)
    if (t.frame == 0 && t.type == StepKind::Compute && t.layerId >= 0 &&
        std::size_t(t.layerId) < layers.size() && schedule.frameLatencyNs > 0)
      m_share[std::size_t(t.layerId)] = (t.endNs - t.startNs) / schedule.frameLatencyNs;
  rebuild();
}

void NetworkView::clear(const QString& message) {
  m_layers.clear();
  m_schedule = Schedule();
  m_share.clear();
  rebuild();
  if (!message.isEmpty()) m_scene->addSimpleText(message)->setPos(10, 10);
}

void NetworkView::setColorBy(ColorBy mode) {
  m_colorBy->setCurrentIndex(std::max(0, m_colorBy->findData(int(mode))));
}

NetworkView::ColorBy NetworkView::colorBy() const {
  return static_cast<ColorBy>(m_colorBy->currentData().toInt());
}

void NetworkView::rebuild() {
  m_scene->clear();
  m_boxes.clear();
  m_outline = nullptr;
  m_layout = layoutNetwork(m_layers);
  if (m_layers.empty()) {
    m_highlight = -1;
    m_scene->setSceneRect(QRectF(0, 0, 10, 10));
    return;
  }
  const QFont font = plotTickFont();
  for (const NetworkBlock& b : m_layout.blocks) {
    m_scene->addRect(b.rect, QPen(QColor(210, 210, 210)), QColor(247, 247, 247))->setZValue(-2);
    auto* name = m_scene->addSimpleText(b.name, font);
    name->setPos(b.rect.left() + 4, b.rect.top() + 3);
  }
  QPainterPath chain;  // one item for the whole chain: layer i-1 -> layer i
  for (std::size_t i = 1; i < m_layers.size(); ++i) {
    const QRectF& a = m_layout.layers[i - 1];
    const QRectF& b = m_layout.layers[i];
    if (std::abs(a.left() - b.left()) < 1) {
      chain.moveTo(a.center().x(), a.bottom());
      chain.lineTo(b.center().x(), b.top());
    } else {
      const QPointF from(a.right(), a.center().y()), to(b.left(), b.center().y());
      chain.moveTo(from);
      chain.cubicTo(from + QPointF(24, 0), to - QPointF(24, 0), to);
    }
  }
  m_scene->addPath(chain, QPen(kChainColor, 1))->setZValue(-1);
  QPen residualPen(kResidualColor, 1.6, Qt::DashLine);
  for (const NetworkResidual& r : m_layout.residuals) {
    auto* arc = m_scene->addPath(r.arc, residualPen);
    arc->setZValue(-1);
    arc->setToolTip(tr("Residual: layer %1 adds the output of %2")
                        .arg(m_layers[std::size_t(r.add)].id)
                        .arg(r.source >= 0 ? tr("layer %1").arg(m_layers[std::size_t(r.source)].id)
                                           : tr("the input")));
  }
  for (std::size_t i = 0; i < m_layers.size(); ++i) {
    auto* box = m_scene->addRect(m_layout.layers[i], QPen(QColor(60, 60, 60), 0.8));
    box->setData(0, m_layers[i].id);
    box->setToolTip(tooltipFor(static_cast<int>(i)));
    auto* label =
        new QGraphicsSimpleTextItem(QString::fromLatin1(layerKindName(m_layers[i].kind)), box);
    label->setFont(font);
    const QRectF r = m_layout.layers[i];
    label->setPos(r.left() + 4, r.center().y() - label->boundingRect().height() / 2);
    m_boxes.push_back(box);
  }
  m_outline = m_scene->addRect(QRectF(), QPen(kHighlightColor, 3));
  m_outline->setZValue(2);
  m_outline->setVisible(false);
  m_scene->setSceneRect(m_layout.bounds);
  recolor();
  const int keep = m_highlight;
  m_highlight = -1;
  if (keep >= 0 && keep < layerItemCount())
    setHighlightedLayer(keep);
  else
    m_canvas->resetTransform();
}

void NetworkView::recolor() {
  double maxShare = 0.0;
  for (double s : m_share) maxShare = std::max(maxShare, s);
  if (colorBy() == ColorBy::Device)
    m_legend->showDevices();
  else
    m_legend->showShare(maxShare);
  for (std::size_t i = 0; i < m_boxes.size(); ++i) {
    const QColor fill = fillOf(static_cast<int>(i));
    m_boxes[i]->setBrush(fill);
    for (QGraphicsItem* child : m_boxes[i]->childItems())
      static_cast<QGraphicsSimpleTextItem*>(child)->setBrush(textColorOn(fill));
  }
}

double NetworkView::timeShare(int layerId) const {
  return layerId >= 0 && std::size_t(layerId) < m_share.size() ? m_share[std::size_t(layerId)]
                                                               : 0.0;
}

QColor NetworkView::fillOf(int layerId) const {
  if (layerId < 0 || std::size_t(layerId) >= m_layers.size()) return mutedColor();
  if (colorBy() == ColorBy::TimeShare) {
    double maxShare = 0.0;
    for (double s : m_share) maxShare = std::max(maxShare, s);
    return heatColor(maxShare > 0 ? timeShare(layerId) / maxShare : 0.0);
  }
  const bool cim = std::size_t(layerId) < m_schedule.device.size() &&
                   m_schedule.device[std::size_t(layerId)] == Device::Cim;
  return (cim ? cimColor() : npuColor()).lighter(125);
}

QString NetworkView::tooltipFor(int layerId) const {
  if (layerId < 0 || std::size_t(layerId) >= m_layers.size()) return {};
  const Layer& l = m_layers[std::size_t(layerId)];
  const bool cim = std::size_t(layerId) < m_schedule.device.size() &&
                   m_schedule.device[std::size_t(layerId)] == Device::Cim;
  return tr("<b>Layer %1</b> · %2 · %3<br>%4 → %5<br>MACs %6<br>Device %7<br>%8 of the frame's %9")
      .arg(l.id)
      .arg(QString::fromStdString(l.block).toHtmlEscaped(),
           QString::fromLatin1(layerKindName(l.kind)), formatShape(l.in), formatShape(l.out),
           formatCount(double(l.macs)), cim ? tr("CIM") : tr("NPU"))
      .arg(tr("%1 %").arg(100.0 * timeShare(layerId), 0, 'f', 1),
           formatNs(m_schedule.frameLatencyNs));
}

void NetworkView::setHighlightedLayer(int layerId) {
  if (layerId < 0 || layerId >= layerItemCount()) {
    m_highlight = -1;
    if (m_outline) m_outline->setVisible(false);
    return;
  }
  m_highlight = layerId;
  const QRectF box = m_layout.layers[std::size_t(layerId)];
  m_outline->setRect(box.adjusted(-2, -2, 2, 2));
  m_outline->setVisible(true);
  m_canvas->ensureVisible(box, 60, 40);
}

void NetworkView::fitAll() {
  if (!m_layers.empty()) m_canvas->fitInView(m_layout.bounds, Qt::KeepAspectRatio);
}

QPoint NetworkView::viewportPointOf(int layerId) const {
  if (layerId < 0 || layerId >= layerItemCount()) return {-1, -1};
  return m_canvas->mapFromScene(m_layout.layers[std::size_t(layerId)].center());
}

}  // namespace h4h::ui
