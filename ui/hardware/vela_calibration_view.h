#pragma once
// The Vela side of the Hardware tab's measured-vs-model view: load Arm Vela's per-layer
// CSV (and optionally its summary CSV) for the network the tab profiles, and see the
// model beside Vela per layer — compute and memory cycles apart, a log–log scatter, the
// median and worst ratio, and every row the matching left out (hw/calibration.h, the
// same comparison as `h4h calibrate`).

#include <QStringList>
#include <QWidget>
#include <optional>
#include <vector>

#include "graph/layer.h"
#include "hw/calibration.h"
#include "hw/hardware_config.h"
#include "hw/vela_csv.h"

class QCustomPlot;
class QLabel;
class QListWidget;
class QTableWidget;

namespace h4h::ui {

class VelaCalibrationView : public QWidget {
  Q_OBJECT
public:
  explicit VelaCalibrationView(QWidget* parent = nullptr);

  /// The network being profiled and the NPU it runs on; recompares at once.
  void setNetwork(std::vector<Layer> layers, const NpuConfig& npu, const QString& label);
  /// Loads a per-layer / summary CSV; false with the errors in loadErrors() and the
  /// previous file kept.
  bool loadPerLayer(const QString& path);
  bool loadSummary(const QString& path);
  void clear();

  QStringList loadErrors() const { return m_errors; }
  /// The comparison shown (empty without a per-layer CSV).
  const CalibrationReport& report() const { return m_report; }
  QString summaryText() const;
  int plottedPoints() const;
  QTableWidget* table() const { return m_table; }

private:
  /// Puts what `load` returns in `slot` and re-compares; on an error lists it and keeps `slot`.
  template <typename T, typename Load>
  bool loadInto(std::optional<T>& slot, Load load);
  void recompare();
  void showErrors(const QStringList& errors);
  void fillTable();
  void fillPlot();

  std::vector<Layer> m_layers;
  NpuConfig m_npu;
  QString m_networkLabel;
  std::optional<VelaPerLayer> m_perLayer;
  std::optional<VelaSummary> m_summary;
  CalibrationReport m_report;
  QStringList m_errors;
  QLabel* m_files;
  QLabel* m_summaryLabel;
  QListWidget* m_errorList;
  QCustomPlot* m_plot;
  QTableWidget* m_table;
};

}  // namespace h4h::ui
