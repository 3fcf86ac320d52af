#include "ui/hardware/soc_preset_box.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>

#include "hw/presets.h"
#include "ui/hardware/hardware_editor_model.h"

namespace h4h::ui {

SocPresetBox::SocPresetBox(QWidget* parent)
    : QGroupBox(tr("SoC"), parent), m_combo(new QComboBox), m_note(new QLabel) {
  setObjectName("socPresetBox");
  m_combo->setObjectName("preset_hardware");
  m_combo->addItem(tr("(none)"), QString());
  m_combo->setItemData(0, tr("Each device from its own preset"), Qt::ToolTipRole);
  for (const std::string& name : presetNames(PresetKind::Soc)) {
    m_combo->addItem(QString::fromStdString(name), QString::fromStdString(name));
    m_combo->setItemData(m_combo->count() - 1, socPresetDescription(name), Qt::ToolTipRole);
  }
  m_combo->setToolTip(tr("A combined preset sets the NPU, CIM and link at once (hardware.preset)"));
  m_note->setWordWrap(true);
  auto* label = new QLabel(tr("Preset"));
  label->setBuddy(m_combo);
  auto* grid = new QGridLayout(this);
  grid->setVerticalSpacing(3);
  grid->addWidget(label, 0, 0);
  grid->addWidget(m_combo, 0, 1);
  grid->addWidget(m_note, 1, 0, 1, 3);
  grid->setColumnStretch(2, 1);
  connect(m_combo, &QComboBox::activated, this, [this](int index) {
    emit presetChosen(m_combo->itemData(index).toString());
  });
}

void SocPresetBox::showHardware(const HardwareConfig& hw) {
  const QString name = QString::fromStdString(hw.socPreset);
  int index = m_combo->findData(name);
  if (index < 0) {  // named by the project but not bundled: the loader refused it already
    m_combo->addItem(name, name);
    index = m_combo->count() - 1;
  }
  m_combo->setCurrentIndex(index);
  m_note->setStyleSheet("color: rgb(120, 120, 120);");
  if (name.isEmpty())
    m_note->setText(tr("Devices from their own presets."));
  else if (matchesSocPreset(hw))
    m_note->setText(tr("All devices as in %1.").arg(name));
  else
    m_note->setText(tr("Started from %1, edited since (choose it again to reset).").arg(name));
}

void SocPresetBox::showProblem(const QString& text) {
  m_note->setStyleSheet("color: rgb(180, 20, 20);");
  m_note->setText(tr("Refused: %1").arg(text));
}

QString SocPresetBox::noteText() const { return m_note->text(); }

}  // namespace h4h::ui
