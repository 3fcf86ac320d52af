#pragma once
// The bars of one schedule in the Gantt chart, all of them one QCustomPlot plottable (no
// item per bar, so thousands of tasks stay cheap): each task a rectangle on its lane in
// its kind group's colour, a strip along its top edge in its frame's colour (odd frames
// hatched as well), its label painted inside when the bar is wide enough at the current
// zoom, and the highlighted layer's bars plus its input and output transfers outlined.

#include <QColor>
#include <QFont>
#include <QFontMetricsF>
#include <QString>
#include <qcustomplot.h>
#include <vector>

namespace h4h::ui {

class GanttBars : public QCPAbstractPlottable {
public:
  struct Bar {
    double start = 0.0, end = 0.0, lane = 0.0;  ///< plot coordinates
    QColor color;
    int task = -1;                 ///< index into the schedule's tasks
    int layer = -1;                ///< compute tasks: the layer; -1 otherwise
    int frame = 0;
    bool transfer = false;
    int producer = -1, consumer = -1;  ///< transfers: the layers on either side (-1 = network input / output)
    QString label, shortLabel;     ///< drawn inside the bar: the first that fits, or none
  };

  GanttBars(QCPAxis* keyAxis, QCPAxis* valueAxis, double barHeight, QCPRange valueRange);

  void setBars(std::vector<Bar> bars) { m_bars = std::move(bars); }
  const std::vector<Bar>& bars() const { return m_bars; }
  void setHighlight(int layer) { m_highlight = layer; }

  QRectF barRect(const Bar& b) const;
  /// The narrowest bar under a pixel; -1 when none.
  int barAt(const QPointF& pixel) const;
  /// Compute bars of the highlighted layer.
  int highlightedCount() const;
  /// Transfers that feed the highlighted layer or carry its output.
  bool isHighlightedTransfer(const Bar& b) const;
  int highlightedTransferCount() const;
  /// The text painted inside a bar at the current zoom; "" when none fits.
  QString visibleLabel(const Bar& b) const;

  double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
  QCPRange getKeyRange(bool& found, QCP::SignDomain) const override;
  QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override;

protected:
  void draw(QCPPainter* painter) override;
  void drawLegendIcon(QCPPainter*, const QRectF&) const override {}

private:
  void drawBar(QCPPainter* painter, const Bar& b, const QRectF& r) const;

  std::vector<Bar> m_bars;
  int m_highlight = -1;
  double m_barHeight;
  QCPRange m_valueRange;
  QFont m_labelFont;
  QFontMetricsF m_labelMetrics;  ///< measured once: every visible bar asks on every replot
};

}  // namespace h4h::ui
