#include "ui/common/plot_style.h"

#include <QApplication>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace h4h::ui {

KindGroup kindGroup(LayerKind kind) {
  switch (kind) {
    case LayerKind::Conv:
    case LayerKind::PwConv:
    case LayerKind::DwConv:
    case LayerKind::Se:
      return KindGroup::Conv;
    case LayerKind::AttnQkv:
    case LayerKind::AttnProj:
    case LayerKind::MlpFc1:
    case LayerKind::MlpFc2:
    case LayerKind::Fc:
      return KindGroup::Linear;
    case LayerKind::AttnQk:
    case LayerKind::AttnAv:
      return KindGroup::AttnMatmul;
    case LayerKind::Softmax:
    case LayerKind::MlpAct:
    case LayerKind::LayerNorm:
    case LayerKind::Add:
    case LayerKind::Pool:
      return KindGroup::Vector;
  }
  return KindGroup::Vector;
}

QString kindGroupName(KindGroup group) {
  switch (group) {
    case KindGroup::Conv: return QStringLiteral("convolution");
    case KindGroup::Linear: return QStringLiteral("linear (fc, qkv, proj, MLP)");
    case KindGroup::AttnMatmul: return QStringLiteral("attention matmul");
    case KindGroup::Vector: return QStringLiteral("vector op");
  }
  return QString();
}

QColor kindGroupColor(KindGroup group) {
  switch (group) {
    case KindGroup::Conv: return QColor(0, 114, 178);        // blue
    case KindGroup::Linear: return QColor(230, 159, 0);      // orange
    case KindGroup::AttnMatmul: return QColor(213, 94, 0);   // vermillion
    case KindGroup::Vector: return QColor(86, 180, 233);     // sky blue
  }
  return Qt::gray;
}

QColor npuColor() { return QColor(0, 114, 178); }
QColor cimColor() { return QColor(0, 158, 115); }
QColor linkColor() { return QColor(204, 121, 167); }
QColor reloadColor() { return QColor(120, 120, 120); }

QColor frameColor(int frame) {
  // Dark, mutually distinct and unlike the kind colours the strips sit on.
  static const QColor kFrames[] = {QColor(20, 20, 20),   QColor(0, 158, 115), QColor(240, 228, 66),
                                   QColor(120, 94, 240), QColor(255, 255, 255), QColor(150, 60, 40),
                                   QColor(0, 90, 90),    QColor(200, 0, 120)};
  constexpr int n = sizeof(kFrames) / sizeof(kFrames[0]);
  return kFrames[((frame % n) + n) % n];
}

QColor seriesColor(int index) {
  static const QColor kPalette[] = {QColor(0, 114, 178),  QColor(213, 94, 0),
                                    QColor(0, 158, 115),  QColor(204, 121, 167),
                                    QColor(230, 159, 0),  QColor(86, 180, 233),
                                    QColor(120, 94, 240), QColor(100, 100, 100)};
  constexpr int n = sizeof(kPalette) / sizeof(kPalette[0]);
  return kPalette[((index % n) + n) % n];
}

QColor mutedColor() { return QColor(185, 185, 185); }

QColor heatColor(double fraction) {
  static const QColor kStops[] = {QColor(255, 247, 188), QColor(254, 196, 79), QColor(236, 112, 20),
                                  QColor(153, 52, 4)};
  const double t = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0) * 3.0;
  const int i = std::min(2, static_cast<int>(t));
  const double f = t - i;
  const QColor& a = kStops[i];
  const QColor& b = kStops[i + 1];
  return QColor::fromRgbF(a.redF() + f * (b.redF() - a.redF()), a.greenF() + f * (b.greenF() - a.greenF()),
                          a.blueF() + f * (b.blueF() - a.blueF()));
}

QColor textColorOn(const QColor& fill) { return fill.lightnessF() < 0.5 ? Qt::white : Qt::black; }

namespace {
QFont sized(int delta, bool bold = false) {
  QFont f = QApplication::font();
  const int base = f.pointSize() > 0 ? f.pointSize() : 9;
  f.setPointSize(qMax(7, base + delta));
  f.setBold(bold);
  return f;
}

void styleAxis(QCPAxis* axis) {
  const QPen axisPen(QColor(90, 90, 90), 1);
  axis->setBasePen(axisPen);
  axis->setTickPen(axisPen);
  axis->setSubTickPen(axisPen);
  axis->setTickLabelFont(plotTickFont());
  axis->setLabelFont(plotLabelFont());
  axis->setTickLabelColor(QColor(50, 50, 50));
  axis->setLabelColor(QColor(30, 30, 30));
  axis->grid()->setPen(QPen(QColor(225, 225, 225), 1, Qt::SolidLine));
  axis->grid()->setSubGridPen(QPen(QColor(240, 240, 240), 1, Qt::DotLine));
  axis->grid()->setZeroLinePen(Qt::NoPen);
}
}  // namespace

QFont plotTickFont() { return sized(0); }
QFont plotLabelFont() { return sized(0); }
QFont plotTitleFont() { return sized(1, true); }

void stylePlot(QCustomPlot* plot, bool interactive) {
  plot->setBackground(Qt::white);
  plot->setAntialiasedElements(QCP::aePlottables | QCP::aeItems | QCP::aeLegendItems);
  plot->setNoAntialiasingOnDrag(true);
  for (QCPAxis* axis : plot->axisRect()->axes()) styleAxis(axis);
  plot->legend->setFont(plotTickFont());
  plot->legend->setBrush(QColor(255, 255, 255, 220));
  plot->legend->setBorderPen(QPen(QColor(200, 200, 200)));
  plot->legend->setIconSize(18, 10);
  if (interactive) {
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    plot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
  }
}

void setPlotTitle(QCustomPlot* plot, const QString& title) {
  QCPLayoutGrid* layout = plot->plotLayout();
  if (auto* existing = qobject_cast<QCPTextElement*>(layout->element(0, 0))) {
    existing->setText(title);
    return;
  }
  layout->insertRow(0);
  auto* text = new QCPTextElement(plot, title, plotTitleFont());
  text->setTextColor(QColor(30, 30, 30));
  layout->addElement(0, 0, text);
}

void addVerticalMarker(QCustomPlot* plot, double x, const QString& label, const QColor& color) {
  auto* line = new QCPItemStraightLine(plot);
  line->setPen(QPen(color, 1.2, Qt::DashLine));
  line->point1->setTypeX(QCPItemPosition::ptPlotCoords);
  line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
  line->point2->setTypeX(QCPItemPosition::ptPlotCoords);
  line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
  line->point1->setCoords(x, 0.0);
  line->point2->setCoords(x, 1.0);
  if (label.isEmpty()) return;
  auto* text = new QCPItemText(plot);
  text->position->setTypeX(QCPItemPosition::ptPlotCoords);
  text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  text->position->setCoords(x, 0.0);
  text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  text->setPadding(QMargins(4, 2, 4, 2));
  text->setText(label);
  text->setFont(plotTickFont());
  text->setColor(color.darker(130));
  text->setClipToAxisRect(true);
}

QCPItemStraightLine* addIdentityLine(QCustomPlot* plot) {
  auto* line = new QCPItemStraightLine(plot);
  line->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  line->point1->setCoords(1.0, 1.0);
  line->point2->setCoords(10.0, 10.0);
  return line;
}

void setLogAxis(QCPAxis* axis) {
  axis->setScaleType(QCPAxis::stLogarithmic);
  QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
  ticker->setLogBase(10);
  ticker->setSubTickCount(8);
  axis->setTicker(ticker);
  axis->setNumberFormat("gb");
  axis->setNumberPrecision(0);
}

}  // namespace h4h::ui
