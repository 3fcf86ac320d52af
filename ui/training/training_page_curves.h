#pragma once
// The Training tab's plots: loss per step, learning rate per step and min/max-net
// top-1 per epoch, one plot per quantity, phase boundaries marked, any number of
// runs overlaid on the same axes. Axes follow the data until the user pans or
// zooms; a double-click returns to following.

#include <QColor>
#include <QVector>
#include <QWidget>

class QCustomPlot;

namespace h4h::ui {

struct RunSeries;

class TrainingCurves : public QWidget {
  Q_OBJECT
public:
  struct Run {
    const RunSeries* series = nullptr;
    QColor color;
    QString label;
    bool live = false;
  };

  explicit TrainingCurves(QWidget* parent = nullptr);

  /// Replaces what is drawn and replots.
  void draw(const QVector<Run>& runs);

  QCustomPlot* lossPlot() const { return m_loss; }
  QCustomPlot* lrPlot() const { return m_lr; }
  QCustomPlot* accuracyPlot() const { return m_accuracy; }
  /// Data points drawn in a plot, over all its graphs.
  static int pointCount(const QCustomPlot* plot);

private:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void rescale();

  QCustomPlot* m_loss;
  QCustomPlot* m_lr;
  QCustomPlot* m_accuracy;
  bool m_follow = true;
};

}  // namespace h4h::ui
