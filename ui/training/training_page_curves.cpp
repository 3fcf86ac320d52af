#include "ui/training/training_page_curves.h"

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"
#include "ui/training/training_page_data.h"

namespace h4h::ui {

namespace {

QCustomPlot* makePlot(const QString& title, const QString& x, const QString& y) {
  auto* plot = new QCustomPlot;
  plot->setMinimumHeight(170);
  stylePlot(plot);
  setPlotTitle(plot, title);
  plot->xAxis->setLabel(x);
  plot->yAxis->setLabel(y);
  plot->legend->setVisible(false);
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  return plot;
}

QCPGraph* addLine(QCustomPlot* plot, const QString& name, const QColor& color, bool dashed,
                  QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssNone) {
  QCPGraph* g = plot->addGraph();
  g->setName(name);
  QPen pen(color, 1.6, dashed ? Qt::DashLine : Qt::SolidLine);
  g->setPen(pen);
  if (shape != QCPScatterStyle::ssNone) g->setScatterStyle(QCPScatterStyle(shape, color, Qt::white, 7));
  return g;
}

/// Drops points whose value is missing (negative accuracy = not evaluated, NaN).
void setValid(QCPGraph* g, const QVector<double>& x, const QVector<double>& y, bool nonNegative) {
  QVector<double> xs, ys;
  xs.reserve(x.size());
  ys.reserve(y.size());
  for (int i = 0; i < x.size() && i < y.size(); ++i) {
    if (!std::isfinite(y[i]) || (nonNegative && y[i] < 0.0)) continue;
    xs << x[i];
    ys << y[i];
  }
  g->setData(xs, ys, true);
}

void markPhases(QCustomPlot* plot, const QVector<double>& xs, const TrainingCurves::Run& run,
                bool labelled) {
  for (int i = 0; i < xs.size(); ++i) {
    const QString name = run.series->phaseNames.value(i + 1);
    const QString label = labelled ? QObject::tr("phase %1%2").arg(i + 2).arg(
                                         name.isEmpty() ? QString() : " (" + name + ")")
                                   : QString();
    addVerticalMarker(plot, xs[i], label, run.color);
  }
}

}  // namespace

TrainingCurves::TrainingCurves(QWidget* parent)
    : QWidget(parent),
      m_loss(makePlot(tr("Loss (max net) per step"), tr("step"), tr("loss"))),
      m_lr(makePlot(tr("Learning rate per step"), tr("step"), tr("learning rate"))),
      m_accuracy(makePlot(tr("Top-1 accuracy per epoch (test split)"), tr("epoch"),
                          tr("top-1 (%)"))) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  m_loss->setObjectName("lossPlot");
  m_lr->setObjectName("lrPlot");
  m_accuracy->setObjectName("accuracyPlot");
  m_accuracy->legend->setVisible(true);
  m_accuracy->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  for (QCustomPlot* p : {m_loss, m_lr, m_accuracy}) {
    layout->addWidget(p, 1);
    p->installEventFilter(this);
  }
  m_accuracy->xAxis->ticker()->setTickCount(6);
  QSharedPointer<QCPAxisTickerFixed> epochTicks(new QCPAxisTickerFixed);
  epochTicks->setTickStep(1.0);
  epochTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  m_accuracy->xAxis->setTicker(epochTicks);
  m_lr->yAxis->setNumberFormat("g");
}

bool TrainingCurves::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::Wheel) {
    m_follow = false;
  } else if (event->type() == QEvent::MouseButtonDblClick) {
    m_follow = true;
    rescale();
    for (QCustomPlot* p : {m_loss, m_lr, m_accuracy}) p->replot();
  }
  return QWidget::eventFilter(watched, event);
}

void TrainingCurves::draw(const QVector<Run>& runs) {
  for (QCustomPlot* p : {m_loss, m_lr, m_accuracy}) {
    p->clearGraphs();
    p->clearItems();
  }
  for (const Run& run : runs) {
    const RunSeries& s = *run.series;
    QCPGraph* loss = addLine(m_loss, run.label, run.color, false);
    setValid(loss, s.stepX, s.loss, false);
    QCPGraph* lr = addLine(m_lr, run.label, run.color, false);
    setValid(lr, s.stepX, s.lr, false);
    QCPGraph* maxAcc = addLine(m_accuracy, tr("%1 max net").arg(run.label), run.color, false,
                               QCPScatterStyle::ssCircle);
    setValid(maxAcc, s.epochX, s.maxTop1, true);
    QCPGraph* minAcc = addLine(m_accuracy, tr("%1 min net").arg(run.label), run.color, true,
                               QCPScatterStyle::ssSquare);
    setValid(minAcc, s.epochX, s.minTop1, true);
    const bool labelled = runs.size() == 1 || run.live;
    markPhases(m_loss, s.phaseStepX, run, labelled);
    markPhases(m_lr, s.phaseStepX, run, labelled);
    markPhases(m_accuracy, s.phaseEpochX, run, labelled);
  }
  m_loss->legend->setVisible(runs.size() > 1);
  m_lr->legend->setVisible(runs.size() > 1);
  if (m_follow) rescale();
  for (QCustomPlot* p : {m_loss, m_lr, m_accuracy}) p->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingCurves::rescale() {
  for (QCustomPlot* p : {m_loss, m_lr, m_accuracy}) {
    bool any = false;
    QCPRange x, y;
    for (int i = 0; i < p->graphCount(); ++i) {
      QCPGraph* g = p->graph(i);
      if (g->dataCount() == 0) continue;
      bool ok = false;
      const QCPRange gx = g->getKeyRange(ok);
      if (!ok) continue;
      const QCPRange gy = g->getValueRange(ok);
      if (!ok) continue;
      if (!any) {
        x = gx;
        y = gy;
        any = true;
      } else {
        x.expand(gx);
        y.expand(gy);
      }
    }
    if (!any) {
      p->xAxis->setRange(0, p == m_accuracy ? 2 : 10);
      p->yAxis->setRange(0, p == m_accuracy ? 100 : 1);
      continue;
    }
    if (p == m_accuracy) {
      p->xAxis->setRange(std::min(0.5, x.lower - 0.5), std::max(x.upper + 0.5, 1.5));
      p->yAxis->setRange(std::max(0.0, y.lower - 5.0), std::min(100.0, y.upper + 5.0));
    } else {
      p->xAxis->setRange(x.lower, x.upper > x.lower ? x.upper : x.lower + 1.0);
      p->yAxis->setRange(0.0, y.upper > 0.0 ? y.upper * 1.08 : 1.0);
    }
  }
}

int TrainingCurves::pointCount(const QCustomPlot* plot) {
  int n = 0;
  for (int i = 0; i < plot->graphCount(); ++i) n += plot->graph(i)->dataCount();
  return n;
}

}  // namespace h4h::ui
