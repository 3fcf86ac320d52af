#pragma once
// The Hardware tab's SoC preset: a combined preset (resources/presets/soc_<name>.json,
// docs/hardware_model.md §SoC) that sets the NPU, CIM and link at once, as
// `hardware.preset` does in a project file, and where the device fields came from.

#include <QGroupBox>

#include "hw/hardware_config.h"

class QComboBox;
class QLabel;

namespace h4h::ui {

class SocPresetBox : public QGroupBox {
  Q_OBJECT
public:
  explicit SocPresetBox(QWidget* parent = nullptr);

  /// Shows the SoC preset `hw` started from and whether its devices were edited since.
  void showHardware(const HardwareConfig& hw);
  /// Shows why a preset was refused (until the next showHardware).
  void showProblem(const QString& text);
  QString noteText() const;

signals:
  /// The user picked a preset (again: back to its values); "" = none (keep the values,
  /// forget the preset).
  void presetChosen(const QString& name);

private:
  QComboBox* m_combo;
  QLabel* m_note;
};

}  // namespace h4h::ui
