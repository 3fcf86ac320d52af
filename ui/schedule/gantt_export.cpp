#include "ui/schedule/gantt_export.h"

#include <QPdfWriter>
#include <qcustomplot.h>

#include "ui/schedule/gantt_chart.h"

namespace h4h::ui {

namespace {

void prepare(GanttChart& chart, const Schedule& schedule, const std::vector<Layer>& layers,
             const GanttRenderOptions& o) {
  chart.resize(o.size);
  chart.setSystemHasCim(o.hasCim);
  chart.setSchedules(schedule, layers, o.baseline);
  if (o.toNs > o.fromNs) chart.plot()->xAxis->setRange(o.fromNs / chart.nsPerUnit(), o.toNs / chart.nsPerUnit());
}

/// The title block (when any) then the chart below it, in pixels of `painter`'s device.
void paint(QCPPainter& painter, const GanttChart& chart, const GanttRenderOptions& o, int titleHeight) {
  painter.fillRect(QRect(0, 0, o.size.width(), titleHeight + o.size.height()), Qt::white);
  if (o.title) paintGanttTitle(&painter, *o.title, o.size.width());
  painter.translate(0, titleHeight);
  chart.plot()->toPainter(&painter, o.size.width(), o.size.height());
}

}  // namespace

QImage renderGanttImage(const Schedule& schedule, const std::vector<Layer>& layers, const GanttRenderOptions& o) {
  GanttChart chart;
  prepare(chart, schedule, layers, o);
  const int top = o.title ? paintGanttTitle(nullptr, *o.title, o.size.width()) : 0;
  QImage image(o.size.width(), top + o.size.height(), QImage::Format_ARGB32_Premultiplied);
  QCPPainter painter(&image);
  paint(painter, chart, o, top);
  painter.end();
  return image;
}

bool writeGanttPdf(const Schedule& schedule, const std::vector<Layer>& layers, const QString& path,
                   const GanttRenderOptions& o) {
  GanttChart chart;
  prepare(chart, schedule, layers, o);
  const int top = o.title ? paintGanttTitle(nullptr, *o.title, o.size.width()) : 0;
  // At the screen's resolution a PDF pixel is an image pixel: text measured for the
  // image wraps the same way on the page.
  const int dpi = QImage(1, 1, QImage::Format_ARGB32).logicalDpiX();
  QPdfWriter writer(path);
  writer.setCreator("H4H Studio");
  writer.setResolution(dpi);
  writer.setPageMargins(QMarginsF(0, 0, 0, 0));
  const QSizeF points(o.size.width() * 72.0 / dpi, (top + o.size.height()) * 72.0 / dpi);
  if (!writer.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch))) return false;
  QCPPainter painter;
  if (!painter.begin(&writer)) return false;
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNoCaching);
  paint(painter, chart, o, top);
  return painter.end();
}

bool renderGanttPng(const Schedule& schedule, const std::vector<Layer>& layers, const QString& path, QSize size,
                    const Schedule* baseline, const GanttTitle* title) {
  GanttRenderOptions o;
  o.size = size;
  o.baseline = baseline;
  o.title = title;
  return renderGanttImage(schedule, layers, o).save(path, "PNG");
}

}  // namespace h4h::ui
