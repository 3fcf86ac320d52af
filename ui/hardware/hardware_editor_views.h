#pragma once
// Result views of the Hardware editor: the per-layer profile table of one arch, and
// the measured-vs-model view (scatter of measured against modelled latency per row
// of an imported table, with the y = x line and the error of each row).

#include <QAbstractTableModel>
#include <QWidget>
#include <vector>

#include "ui/hardware/hardware_editor_model.h"

class QCustomPlot;
class QLabel;
class QTableWidget;

namespace h4h::ui {

/// Per-layer costs of one arch on the NPU and the CIM.
class ProfileTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { Id, Block, Kind, Macs, NpuLatency, NpuEnergy, NpuUtil, CimLatency, CimEnergy,
                Source, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;

  void setProfile(std::vector<Layer> layers, NetworkProfile profile);
  const std::vector<Layer>& layers() const { return m_layers; }
  const NetworkProfile& profile() const { return m_profile; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
  std::vector<Layer> m_layers;
  NetworkProfile m_profile;
};

/// Measured latency (y) against the model's (x), log–log, one point per matched row.
class MeasuredVsModelView : public QWidget {
  Q_OBJECT
public:
  explicit MeasuredVsModelView(QWidget* parent = nullptr);

  void setComparison(std::vector<MeasuredComparison> rows);
  const std::vector<MeasuredComparison>& comparison() const { return m_rows; }
  /// Points drawn (NPU + CIM rows with a supported model cost).
  int plottedPoints() const;
  QCustomPlot* plot() const { return m_plot; }
  QString summaryText() const;

private:
  std::vector<MeasuredComparison> m_rows;
  QCustomPlot* m_plot;
  QLabel* m_summary;
  QTableWidget* m_table;
};

}  // namespace h4h::ui
