#pragma once
// A dense cloud of dominated points drawn as a density image instead of one marker per
// point: the points are binned into small pixel cells of the axis rect and each cell is
// shaded by how many points it holds (log scale), so 100,000 points draw as one image
// and a crowded region reads as darker rather than as a solid blob. Binned in pixel
// space, it is right for linear and log axes alike; it is rebuilt before a replot
// whenever the points, the axis ranges or the plot's size changed.

#include <QColor>
#include <QRect>
#include <QVector>

class QCustomPlot;
class QCPItemPixmap;

namespace h4h::ui {

class ParetoDensity {
public:
  /// Adds its (hidden) image to `plot` on `layer`.
  ParetoDensity(QCustomPlot* plot, const QString& layer, QColor colour);

  /// The points (plot coordinates); empty hides the image.
  void setPoints(QVector<double> xs, QVector<double> ys);
  int size() const { return static_cast<int>(m_xs.size()); }
  /// Re-renders the image when the points, ranges or size changed (call before a replot).
  void update();

private:
  QCustomPlot* m_plot;
  QCPItemPixmap* m_image;
  QColor m_colour;
  QVector<double> m_xs, m_ys;
  bool m_dirty = true;
  QRect m_rect;
  double m_range[4] = {0, 0, 0, 0};
};

}  // namespace h4h::ui
