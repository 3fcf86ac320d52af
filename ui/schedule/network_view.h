#pragma once
// The Network view of the Schedule tab: the selected arch's lowered layer graph drawn
// as blocks (one column each) of layers, the chain between them and the residual
// edges as curved arcs, each layer coloured by its device in the schedule (NPU / CIM)
// or by its share of the frame's latency (a heat gradient with its legend). Wheel
// zooms, drag pans; a click on a layer emits layerClicked, and setHighlightedLayer
// outlines a layer and scrolls it into view without emitting (no signal ping-pong with
// the Gantt chart and the per-layer table). One scene item per layer: ~300 stay fluid.

#include <QString>
#include <QWidget>
#include <vector>

#include "graph/layer.h"
#include "sched/pipeline.h"
#include "ui/schedule/network_layout.h"

class QComboBox;
class QGraphicsRectItem;
class QGraphicsScene;
class QGraphicsView;

namespace h4h::ui {

class NetworkLegend;

class NetworkView : public QWidget {
  Q_OBJECT
 public:
  enum class ColorBy { Device, TimeShare };

  explicit NetworkView(QWidget* parent = nullptr);

  /// What to draw (copied): the layers and the schedule that places and times them.
  void setNetwork(const std::vector<Layer>& layers, const Schedule& schedule);
  void clear(const QString& message = {});
  void setColorBy(ColorBy mode);
  ColorBy colorBy() const;
  /// Outlines a layer and scrolls it into view (-1 = none); emits nothing.
  void setHighlightedLayer(int layerId);
  int highlightedLayer() const { return m_highlight; }
  /// Shows the whole network.
  void fitAll();

  /// Layers and residual arcs drawn (tests).
  int layerItemCount() const { return static_cast<int>(m_boxes.size()); }
  int residualEdgeCount() const { return static_cast<int>(m_layout.residuals.size()); }
  /// A layer's share of the frame's latency (its frame-0 compute time / frame latency).
  double timeShare(int layerId) const;
  QColor fillOf(int layerId) const;
  QString tooltipFor(int layerId) const;
  /// Centre of a layer's box in the canvas viewport's pixels (tests).
  QPoint viewportPointOf(int layerId) const;
  QGraphicsView* canvas() const { return m_canvas; }

 signals:
  void layerClicked(int layerId);

 private:
  void rebuild();
  void recolor();

  QComboBox* m_colorBy;
  NetworkLegend* m_legend;
  QGraphicsScene* m_scene;
  QGraphicsView* m_canvas;
  std::vector<Layer> m_layers;
  Schedule m_schedule;
  std::vector<double> m_share;
  NetworkLayout m_layout;
  std::vector<QGraphicsRectItem*> m_boxes;
  QGraphicsRectItem* m_outline = nullptr;
  int m_highlight = -1;
};

}  // namespace h4h::ui
