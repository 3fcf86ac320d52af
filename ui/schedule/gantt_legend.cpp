#include "ui/schedule/gantt_legend.h"

#include <QObject>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {

/// A legend entry that draws a frame's look; it has no data of its own.
class FrameSwatch : public QCPAbstractPlottable {
public:
  FrameSwatch(QCPAxis* key, QCPAxis* value, int frame) : QCPAbstractPlottable(key, value), m_frame(frame) {
    setSelectable(QCP::stNone);
    setName(m_frame % 2 == 1 ? QObject::tr("frame %1 (hatched)").arg(m_frame) : QObject::tr("frame %1").arg(m_frame));
  }
  double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
  QCPRange getKeyRange(bool& found, QCP::SignDomain) const override {
    found = false;
    return QCPRange(0, 1);
  }
  QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override {
    found = false;
    return QCPRange(0, 1);
  }

protected:
  void draw(QCPPainter*) override {}
  void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
    const QColor body(200, 200, 200);
    painter->fillRect(rect, body);
    if (m_frame % 2 == 1) painter->fillRect(rect, QBrush(QColor(255, 255, 255, 160), Qt::BDiagPattern));
    painter->fillRect(QRectF(rect.left(), rect.top(), rect.width(), 4), frameColor(m_frame));
    painter->setPen(QPen(body.darker(150), 0.6));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(rect);
  }

private:
  int m_frame;
};

void addSwatch(QCustomPlot* plot, const QString& name, const QColor& color) {
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setName(name);
  bars->setBrush(color);
  bars->setPen(QPen(color.darker(150), 0.6));
  bars->setSelectable(QCP::stNone);
}

}  // namespace

void addGanttLegend(QCustomPlot* plot) {
  plot->axisRect()->insetLayout()->take(plot->legend);
  plot->plotLayout()->addElement(1, 0, plot->legend);
  plot->plotLayout()->setRowStretchFactor(1, 0.001);
  plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
  plot->legend->setVisible(true);
  plot->legend->setBorderPen(Qt::NoPen);
  plot->legend->setIconSize(18, 18);  // rows at least this tall: text is never clipped
  for (int g = 0; g < kKindGroupCount; ++g)
    addSwatch(plot, kindGroupName(static_cast<KindGroup>(g)), kindGroupColor(static_cast<KindGroup>(g)));
  addSwatch(plot, QObject::tr("NPU↔CIM transfer"), linkColor());
  addSwatch(plot, QObject::tr("CIM weight reload"), reloadColor());
  setGanttFrameLegend(plot, 0);
}

void setGanttFrameLegend(QCustomPlot* plot, int frames) {
  for (int i = plot->plottableCount() - 1; i >= 0; --i)
    if (dynamic_cast<FrameSwatch*>(plot->plottable(i))) plot->removePlottable(i);
  for (int f = 0; f < frames; ++f) new FrameSwatch(plot->xAxis, plot->yAxis, f);
  const int entries = kKindGroupCount + 2 + frames;
  plot->legend->setWrap(entries <= 8 ? entries : (entries + 1) / 2);  // at most two rows
}

}  // namespace h4h::ui
