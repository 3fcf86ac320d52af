#pragma once
// The Hardware tab: NPU, CIM and link parameters grouped with units and ranges,
// a preset per device, import of a measured-table CSV (errors with line numbers),
// and the consequences of every change shown at once: the selected arch's
// per-layer profile with NPU-only totals (of an arch, or of a bundled reference network),
// and measured-vs-model: per row of a measured table, or per layer against Arm Vela's
// per-layer estimate.
// Edits are undo commands on the document's stack.

#include <QHash>
#include <QWidget>
#include <memory>

#include "ui/hardware/hardware_editor_model.h"

class QComboBox;
class QLabel;
class QListWidget;
class QTableView;
class QTabWidget;
class QTimer;

namespace h4h::ui {

class ProjectDocument;
class ProfileTableModel;
class MeasuredVsModelView;
class SocPresetBox;
class VelaCalibrationView;

class HardwareEditor : public QWidget {
  Q_OBJECT
public:
  explicit HardwareEditor(ProjectDocument* document, QWidget* parent = nullptr);
  ~HardwareEditor() override;

  /// Sets one parameter (shown units) as its editor does; false when refused, with
  /// the reason beside the field (paramProblem()).
  bool applyParam(const QString& path, const QVariant& value);
  QString paramProblem(const QString& path) const;
  /// Loads a preset into one device (undoable).
  bool applyPreset(HwDevice device, const QString& name);
  /// Loads a combined SoC preset into every device, "" = none (undoable).
  bool applySocPreset(const QString& name);
  /// Which SoC preset the fields came from, and whether they were edited since.
  QString socPresetNote() const;
  /// Imports a measured-table CSV; false with the line-numbered errors listed
  /// (importErrors()) and the project unchanged.
  bool importMeasuredTable(const QString& path);
  void clearMeasuredTable();
  QStringList importErrors() const;

  void setProfileTarget(ProfileTarget target);
  /// Profiles a bundled reference network (hw/reference_networks.h) instead of an arch;
  /// false when no such network is listed.
  bool setProfileNetwork(const QString& name);
  /// Re-profiles now (normally deferred to the next event-loop turn, and to the next
  /// show while the tab is hidden).
  void reprofile();
  const ProfileSummary& summary() const { return m_summary; }
  QString summaryText() const;
  ProfileTableModel* profileModel() const { return m_profileModel; }
  MeasuredVsModelView* measuredView() const { return m_measuredView; }
  VelaCalibrationView* velaView() const { return m_velaView; }
  /// The measured table in use (nullptr when none).
  const MeasuredTable* measuredTable() const { return m_measured.get(); }

protected:
  void showEvent(QShowEvent* event) override;

private:
  struct ParamRow {
    const HwParam* param = nullptr;
    QWidget* editor = nullptr;
    QLabel* problem = nullptr;
  };

  QWidget* buildDeviceGroup(HwDevice device);
  QWidget* buildMeasuredGroup();
  QWidget* buildResults();
  QWidget* buildComparison();
  QWidget* paramEditor(const HwParam& param);
  void setParamProblem(const QString& path, const QString& text);
  void refreshFields();
  void reloadMeasuredTable();
  void scheduleProfile();

  ProjectDocument* m_document;
  QHash<QString, ParamRow> m_params;     // key: parameter path
  QHash<int, QComboBox*> m_presetCombos; // key: HwDevice
  QHash<int, QLabel*> m_presetNotes;
  SocPresetBox* m_socBox = nullptr;
  QLabel* m_measuredPath = nullptr;
  QListWidget* m_importErrors = nullptr;
  QComboBox* m_target = nullptr;
  QLabel* m_totals = nullptr;
  QLabel* m_note = nullptr;
  QTableView* m_profileView = nullptr;
  QTabWidget* m_resultTabs = nullptr;
  ProfileTableModel* m_profileModel;
  MeasuredVsModelView* m_measuredView = nullptr;
  VelaCalibrationView* m_velaView = nullptr;
  QTimer* m_profileTimer;
  bool m_profileDirty = true;
  bool m_refreshing = false;
  ProfileSummary m_summary;
  std::shared_ptr<const MeasuredTable> m_measured;
  std::string m_measuredLoadedFrom;  // resolved path of m_measured ("" = none)
  QString m_measuredError;
};

}  // namespace h4h::ui
