#pragma once
// Where the Network view draws a lowered layer graph: one column per block (stage.layer
// group, in network order, left to right), its layers top to bottom in chain order, and
// the residual edges (an add reading a saved tensor, Layer::residualSource) as curved
// arcs. Plain geometry, no widgets, so tests can check it without drawing.

#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <vector>

#include "graph/layer.h"

namespace h4h::ui {

struct NetworkBlock {
  QString name;   ///< "stem", "s2.mb0", ...
  int first = 0;  ///< index of its first and last layer
  int last = 0;
  QRectF rect;  ///< the column, header included
};

struct NetworkResidual {
  int source = -1;  ///< layer index whose output is read again (-1 = network input)
  int add = 0;      ///< index of the add layer
  QPainterPath arc;
};

struct NetworkLayout {
  std::vector<QRectF> layers;  ///< one box per layer, by index
  std::vector<NetworkBlock> blocks;
  std::vector<NetworkResidual> residuals;
  QRectF bounds;
  /// The box under a point (-1 = none).
  int layerAt(const QPointF& point) const;
};

/// Lays out `layers` (ids equal to indices, as graph/ lowers them).
NetworkLayout layoutNetwork(const std::vector<Layer>& layers);

}  // namespace h4h::ui
