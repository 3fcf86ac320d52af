#include "ui/hardware/hardware_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "eval/eval_context.h"
#include "graph/layer_graph.h"
#include "ui/hardware/hardware_editor_views.h"
#include "ui/hardware/soc_preset_box.h"
#include "ui/hardware/vela_calibration_view.h"
#include "hw/presets.h"
#include "hw/profiler.h"
#include "hw/reference_networks.h"
#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "ui/common/units.h"

namespace h4h::ui {

namespace {
const char* kRefusedStyle = "color: rgb(180, 20, 20);";

PresetKind toPresetKind(HwDevice d) {
  return d == HwDevice::Npu ? PresetKind::Npu : d == HwDevice::Cim ? PresetKind::Cim : PresetKind::Link;
}

const std::string& presetOf(const HardwareConfig& hw, HwDevice d) {
  return d == HwDevice::Npu ? hw.npuPreset : d == HwDevice::Cim ? hw.cimPreset : hw.linkPreset;
}

QString deviceShortName(HwDevice d) {
  return d == HwDevice::Npu ? "NPU" : d == HwDevice::Cim ? "CIM" : "link";
}

/// Role of the profile-target items that name a reference network.
constexpr int kNetworkRole = Qt::UserRole + 1;
}  // namespace

HardwareEditor::HardwareEditor(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_profileModel(new ProfileTableModel(this)),
      m_profileTimer(new QTimer(this)) {
  setObjectName("HardwareEditor");
  m_profileTimer->setSingleShot(true);
  m_profileTimer->setInterval(15);
  connect(m_profileTimer, &QTimer::timeout, this, [this] {
    if (isVisible()) reprofile();
    else m_profileDirty = true;
  });

  auto* params = new QWidget;
  auto* paramsLayout = new QVBoxLayout(params);
  paramsLayout->setContentsMargins(0, 0, 6, 0);
  m_socBox = new SocPresetBox;
  connect(m_socBox, &SocPresetBox::presetChosen, this, [this](const QString& name) {
    if (!m_refreshing) applySocPreset(name);
  });
  paramsLayout->addWidget(m_socBox);
  for (HwDevice d : {HwDevice::Npu, HwDevice::Cim, HwDevice::Link})
    paramsLayout->addWidget(buildDeviceGroup(d));
  paramsLayout->addWidget(buildMeasuredGroup());
  paramsLayout->addStretch(1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(params);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setMinimumWidth(qMin(params->sizeHint().width() + 24, 420));

  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(scroll);
  split->addWidget(buildResults());
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({420, 860});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addWidget(split);

  connect(document, &ProjectDocument::replaced, this, [this] {
    refreshFields();
    reloadMeasuredTable();
    scheduleProfile();
  });
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "hardware") {
      refreshFields();
      reloadMeasuredTable();
    }
    if (section == "hardware" || section == "space" || section == "results") scheduleProfile();
  });
  refreshFields();
  reloadMeasuredTable();
  scheduleProfile();
}

HardwareEditor::~HardwareEditor() = default;

QWidget* HardwareEditor::buildDeviceGroup(HwDevice device) {
  auto* box = new QGroupBox(hwDeviceTitle(device));
  auto* grid = new QGridLayout(box);
  grid->setVerticalSpacing(3);
  auto* presetLabel = new QLabel(tr("Preset"));
  auto* combo = new QComboBox;
  combo->setObjectName(QStringLiteral("preset_") + hwDevicePath(device));
  for (const std::string& name : presetNames(toPresetKind(device))) {
    combo->addItem(QString::fromStdString(name));
    combo->setItemData(combo->count() - 1, presetDescription(device, name), Qt::ToolTipRole);
  }
  presetLabel->setBuddy(combo);
  auto* note = new QLabel;
  note->setStyleSheet("color: rgb(120, 120, 120);");
  m_presetCombos[int(device)] = combo;
  m_presetNotes[int(device)] = note;
  connect(combo, &QComboBox::activated, this, [this, device, combo](int) {
    if (!m_refreshing) applyPreset(device, combo->currentText());
  });
  grid->addWidget(presetLabel, 0, 0);
  grid->addWidget(combo, 0, 1);
  grid->addWidget(note, 0, 2);

  int row = 1;
  for (const HwParam& param : hardwareParams()) {
    if (param.device != device) continue;
    QWidget* editor = paramEditor(param);
    auto* label = new QLabel(param.label);
    label->setBuddy(editor);
    const QString tip = param.toolTip.isEmpty() ? param.path() : param.toolTip + "\n" + param.path();
    label->setToolTip(tip);
    editor->setToolTip(tip);
    auto* problem = new QLabel;
    problem->setWordWrap(true);
    problem->setStyleSheet(kRefusedStyle);
    problem->setVisible(false);
    grid->addWidget(label, row, 0);
    grid->addWidget(editor, row, 1, 1, 2);
    grid->addWidget(problem, row + 1, 0, 1, 3);
    m_params.insert(param.path(), ParamRow{&param, editor, problem});
    row += 2;
  }
  grid->setColumnStretch(2, 1);
  return box;
}

QWidget* HardwareEditor::paramEditor(const HwParam& param) {
  const QString path = param.path();
  switch (param.type) {
    case HwParam::Type::Bool: {
      auto* check = new QCheckBox;
      connect(check, &QCheckBox::toggled, this, [this, path](bool on) {
        if (!m_refreshing) applyParam(path, on);
      });
      return check;
    }
    case HwParam::Type::Choice: {
      auto* combo = new QComboBox;
      combo->addItems(param.choices);
      connect(combo, &QComboBox::activated, this, [this, path, combo](int) {
        if (!m_refreshing) applyParam(path, combo->currentText());
      });
      return combo;
    }
    case HwParam::Type::Int:
    case HwParam::Type::Real: {
      auto* spin = new QDoubleSpinBox;
      spin->setDecimals(param.decimals);
      spin->setRange(param.min, param.max);
      spin->setSuffix(param.unit);
      spin->setKeyboardTracking(false);
      spin->setAccelerated(true);
      spin->setMinimumWidth(140);
      spin->setAlignment(Qt::AlignRight);
      connect(spin, &QDoubleSpinBox::valueChanged, this, [this, path](double v) {
        if (!m_refreshing) applyParam(path, v);
      });
      return spin;
    }
  }
  return new QWidget;
}

QWidget* HardwareEditor::buildMeasuredGroup() {
  auto* box = new QGroupBox(tr("Measured table"));
  auto* layout = new QVBoxLayout(box);
  m_measuredPath = new QLabel;
  m_measuredPath->setWordWrap(true);
  m_measuredPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* buttons = new QHBoxLayout;
  auto* import = new QPushButton(tr("Import CSV…"));
  auto* clear = new QPushButton(tr("Clear"));
  buttons->addWidget(import);
  buttons->addWidget(clear);
  buttons->addStretch(1);
  m_importErrors = new QListWidget;
  m_importErrors->setObjectName("importErrors");
  m_importErrors->setVisible(false);
  m_importErrors->setMaximumHeight(140);
  m_importErrors->setStyleSheet(kRefusedStyle);
  auto* hint = new QLabel(tr("Rows override the model for layers with the same signature. "
                             "Columns: %1")
                              .arg(QString::fromUtf8(measuredTableHeader()).replace(',', ", ")));
  hint->setWordWrap(true);
  hint->setStyleSheet("color: rgb(100, 100, 100);");
  layout->addWidget(m_measuredPath);
  layout->addLayout(buttons);
  layout->addWidget(m_importErrors);
  layout->addWidget(hint);
  connect(import, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import measured table"), QFileInfo(m_document->filePath()).absolutePath(),
        tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty()) importMeasuredTable(path);
  });
  connect(clear, &QPushButton::clicked, this, [this] { clearMeasuredTable(); });
  return box;
}

QWidget* HardwareEditor::buildResults() {
  m_resultTabs = new QTabWidget;
  auto* profile = new QWidget;
  auto* layout = new QVBoxLayout(profile);
  auto* bar = new QHBoxLayout;
  m_target = new QComboBox;
  m_target->setObjectName("profileTarget");
  m_target->addItem(tr("Selected arch"), int(ProfileTarget::Selected));
  m_target->addItem(tr("Largest arch (max)"), int(ProfileTarget::Max));
  m_target->addItem(tr("Smallest arch (min)"), int(ProfileTarget::Min));
  for (const std::string& name : referenceNetworkNames()) {
    try {
      const ReferenceNetwork net = loadReferenceNetwork(name);
      m_target->addItem(tr("Reference network: %1").arg(QString::fromStdString(net.title)), -1);
      m_target->setItemData(m_target->count() - 1, QString::fromStdString(name), kNetworkRole);
      m_target->setItemData(m_target->count() - 1, QString::fromStdString(net.source), Qt::ToolTipRole);
    } catch (const std::exception&) {
      // A broken bundled file is reported by `h4h profile --network` and the tests.
    }
  }
  auto* targetLabel = new QLabel(tr("Profile of"));
  targetLabel->setBuddy(m_target);
  bar->addWidget(targetLabel);
  bar->addWidget(m_target);
  bar->addStretch(1);
  connect(m_target, &QComboBox::currentIndexChanged, this, [this] { scheduleProfile(); });
  m_totals = new QLabel;
  m_totals->setObjectName("profileTotals");
  m_totals->setWordWrap(true);
  m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_note = new QLabel;
  m_note->setWordWrap(true);
  m_note->setStyleSheet("color: rgb(120, 120, 120);");
  m_profileView = new QTableView;
  m_profileView->setObjectName("profileTable");
  m_profileView->setModel(m_profileModel);
  m_profileView->verticalHeader()->setVisible(false);
  m_profileView->verticalHeader()->setDefaultSectionSize(22);
  m_profileView->setAlternatingRowColors(true);
  m_profileView->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_profileView->horizontalHeader()->setStretchLastSection(true);
  const int widths[ProfileTableModel::ColumnCount] = {40, 90, 110, 70, 90, 90, 70, 90, 90, 80};
  for (int c = 0; c < ProfileTableModel::ColumnCount; ++c) m_profileView->setColumnWidth(c, widths[c]);
  layout->addLayout(bar);
  layout->addWidget(m_totals);
  layout->addWidget(m_note);
  layout->addWidget(m_profileView, 1);
  m_resultTabs->addTab(profile, tr("Per-layer profile"));

  m_resultTabs->addTab(buildComparison(), tr("Measured vs model"));
  return m_resultTabs;
}

QWidget* HardwareEditor::buildComparison() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  auto* bar = new QHBoxLayout;
  auto* with = new QComboBox;
  with->setObjectName("compareWith");
  with->addItem(tr("a measured table"));
  with->addItem(tr("Arm Vela's per-layer estimate"));
  auto* label = new QLabel(tr("Compare the model with"));
  label->setBuddy(with);
  bar->addWidget(label);
  bar->addWidget(with);
  bar->addStretch(1);
  auto* stack = new QStackedWidget;
  m_measuredView = new MeasuredVsModelView;
  m_velaView = new VelaCalibrationView;
  stack->addWidget(m_measuredView);
  stack->addWidget(m_velaView);
  connect(with, &QComboBox::currentIndexChanged, stack, &QStackedWidget::setCurrentIndex);
  layout->addLayout(bar);
  layout->addWidget(stack, 1);
  return page;
}

bool HardwareEditor::applyParam(const QString& path, const QVariant& value) {
  const HwParam* param = findHardwareParam(path);
  if (!param) return false;
  HardwareConfig hw = m_document->project().hardware;
  QStringList errors;
  if (!setHardwareParam(hw, *param, value, &errors)) {
    setParamProblem(path, tr("Refused: %1").arg(errors.join("; ")));
    return false;
  }
  setParamProblem(path, QString());
  pushSectionEdit(m_document, &Project::hardware, "hardware", std::move(hw),
                  tr("Edit %1 %2").arg(deviceShortName(param->device), param->label.toLower()),
                  path);
  return true;
}

QString HardwareEditor::paramProblem(const QString& path) const {
  const auto it = m_params.find(path);
  return it == m_params.end() ? QString() : it->problem->text();
}

void HardwareEditor::setParamProblem(const QString& path, const QString& text) {
  const auto it = m_params.find(path);
  if (it == m_params.end()) return;
  it->problem->setText(text);
  it->problem->setVisible(!text.isEmpty());
}

bool HardwareEditor::applyPreset(HwDevice device, const QString& name) {
  HardwareConfig hw = m_document->project().hardware;
  QStringList errors;
  if (!applyHardwarePreset(hw, device, name.toStdString(), &errors)) {
    m_presetNotes[int(device)]->setText(tr("Refused: %1").arg(errors.join("; ")));
    return false;
  }
  pushSectionEdit(m_document, &Project::hardware, "hardware", std::move(hw),
                  tr("Apply %1 preset %2").arg(deviceShortName(device), name));
  refreshFields();
  return true;
}

bool HardwareEditor::applySocPreset(const QString& name) {
  HardwareConfig hw = m_document->project().hardware;
  QStringList errors;
  if (!applySocHardwarePreset(hw, name.toStdString(), &errors)) {
    m_socBox->showProblem(errors.join("; "));
    return false;
  }
  pushSectionEdit(m_document, &Project::hardware, "hardware", std::move(hw),
                  name.isEmpty() ? tr("Detach hardware from its SoC preset") : tr("Apply SoC preset %1").arg(name));
  refreshFields();
  return true;
}

QString HardwareEditor::socPresetNote() const { return m_socBox->noteText(); }

bool HardwareEditor::importMeasuredTable(const QString& path) {
  m_importErrors->clear();
  std::shared_ptr<const MeasuredTable> table;
  try {
    table = projectMeasuredTable(m_document->project(), path.toStdString());
  } catch (const InputError& e) {
    QStringList lines;
    for (const FieldError& f : e.errors().items()) lines << QString::fromStdString(f.str());
    if (lines.isEmpty()) lines << QString::fromUtf8(e.what());
    m_importErrors->addItem(tr("%1 was not imported: %n problem(s)", "", lines.size()).arg(path));
    m_importErrors->addItems(lines);
    m_importErrors->setVisible(true);
    return false;
  }
  m_importErrors->setVisible(false);
  const QString abs = QFileInfo(path).absoluteFilePath();
  QString stored = abs;
  const QString dir = QString::fromStdString(m_document->project().directory());
  if (!dir.isEmpty()) stored = QDir(dir).relativeFilePath(abs);
  m_measured = std::move(table);
  m_measuredLoadedFrom = abs.toStdString();
  m_measuredError.clear();
  HardwareConfig hw = m_document->project().hardware;
  hw.measuredTablePath = stored.toStdString();
  if (!pushSectionEdit(m_document, &Project::hardware, "hardware", std::move(hw),
                       tr("Import measured table %1").arg(QFileInfo(path).fileName()))) {
    refreshFields();  // same path: the table was re-read from disk
    scheduleProfile();
  }
  return true;
}

void HardwareEditor::clearMeasuredTable() {
  HardwareConfig hw = m_document->project().hardware;
  hw.measuredTablePath.clear();
  pushSectionEdit(m_document, &Project::hardware, "hardware", std::move(hw),
                  tr("Clear measured table"));
}

QStringList HardwareEditor::importErrors() const {
  QStringList out;
  if (!m_importErrors->isVisibleTo(const_cast<HardwareEditor*>(this))) return out;
  for (int i = 0; i < m_importErrors->count(); ++i) out << m_importErrors->item(i)->text();
  return out;
}

void HardwareEditor::reloadMeasuredTable() {
  const Project& project = m_document->project();
  const std::string rel = project.hardware.measuredTablePath;
  const std::string resolved = rel.empty() ? std::string() : project.resolvePath(rel);
  if (resolved == m_measuredLoadedFrom && (m_measured || rel.empty())) return;
  m_measured.reset();
  m_measuredError.clear();
  m_measuredLoadedFrom = resolved;
  if (!resolved.empty()) {
    try {
      m_measured = projectMeasuredTable(project);
    } catch (const std::exception& e) {
      m_measuredError = QString::fromUtf8(e.what());
    }
  }
  refreshFields();
  scheduleProfile();
}

void HardwareEditor::refreshFields() {
  m_refreshing = true;
  const HardwareConfig& hw = m_document->project().hardware;
  for (auto it = m_params.begin(); it != m_params.end(); ++it) {
    const QVariant v = hardwareParamValue(hw, *it->param);
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(it->editor)) spin->setValue(v.toDouble());
    else if (auto* check = qobject_cast<QCheckBox*>(it->editor)) check->setChecked(v.toBool());
    else if (auto* combo = qobject_cast<QComboBox*>(it->editor)) combo->setCurrentText(v.toString());
    it->problem->clear();
    it->problem->setVisible(false);
  }
  m_socBox->showHardware(hw);
  for (HwDevice d : {HwDevice::Npu, HwDevice::Cim, HwDevice::Link}) {
    QComboBox* combo = m_presetCombos[int(d)];
    const QString name = QString::fromStdString(presetOf(hw, d));
    if (combo->findText(name) < 0) combo->addItem(name);
    combo->setCurrentText(name);
    m_presetNotes[int(d)]->setText(deviceMatchesPreset(hw, d) ? QString() : tr("(modified)"));
  }
  // The CIM's near-memory-digital settings only matter when the units exist.
  const bool nmd = hw.cim.nearMemoryDigital;
  for (const char* key : {"hardware.cim.nmd_macs_per_cycle", "hardware.cim.nmd_energy_per_mac_pj"})
    if (m_params.contains(key)) m_params[key].editor->setEnabled(nmd);

  if (hw.measuredTablePath.empty()) {
    m_measuredPath->setText(tr("None: every cost comes from the model."));
  } else if (!m_measuredError.isEmpty()) {
    m_measuredPath->setText(tr("<b>%1</b> cannot be used: %2")
                                .arg(QString::fromStdString(hw.measuredTablePath).toHtmlEscaped(),
                                     m_measuredError.toHtmlEscaped()));
  } else {
    m_measuredPath->setText(tr("<b>%1</b>: %n row(s)", "", m_measured ? int(m_measured->rows().size()) : 0)
                                .arg(QString::fromStdString(hw.measuredTablePath).toHtmlEscaped()));
  }
  m_refreshing = false;
}

void HardwareEditor::scheduleProfile() {
  m_profileDirty = true;
  m_profileTimer->start();
}

void HardwareEditor::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_profileDirty) m_profileTimer->start();
}

void HardwareEditor::setProfileTarget(ProfileTarget target) {
  m_target->setCurrentIndex(m_target->findData(int(target)));
}

bool HardwareEditor::setProfileNetwork(const QString& name) {
  const int index = m_target->findData(name, kNetworkRole);
  if (index >= 0) m_target->setCurrentIndex(index);
  return index >= 0;
}

void HardwareEditor::reprofile() {
  m_profileDirty = false;
  const Project& project = m_document->project();
  const auto target = static_cast<ProfileTarget>(m_target->currentData().toInt());
  const QString network = m_target->currentData(kNetworkRole).toString();
  QString label, note;
  std::vector<Layer> layers;
  NetworkProfile profile;
  Arch arch;
  int resolution = project.space.deployResolution;
  try {
    if (!network.isEmpty()) {
      const ReferenceNetwork net = loadReferenceNetwork(network.toStdString());
      label = QString::fromStdString(net.title);
      resolution = net.space.deployResolution;
      layers = lowerReferenceNetwork(net);
    } else {
      arch = resolveProfileArch(project.space, project.results.selected, target, &label, &note);
      resolution = deploymentResolution(project.space, arch);
      layers = lowerArch(project.space, arch, LowerOptions{resolution});
    }
    profile = profileNetwork(layers, project.hardware, m_measured.get());
  } catch (const std::exception& e) {
    note = tr("Cannot profile: %1").arg(QString::fromUtf8(e.what()));
    layers.clear();
    profile.clear();
  }
  m_summary = summarizeProfile(layers, profile, project.hardware);
  m_profileModel->setProfile(layers, profile);
  m_note->setText(note);
  m_note->setVisible(!note.isEmpty());
  const ProfileSummary& s = m_summary;
  m_totals->setText(
      tr("<b>%1</b> at %2×%2: %3 layers, %4 MACs, %5 of weights<br>"
         "<b>NPU only:</b> latency %6, energy %7<br>"
         "<b>CIM:</b> %8 of %3 layers supported (Σ %9, %10); capacity %11%12")
          .arg(label.toHtmlEscaped())
          .arg(resolution)
          .arg(s.layers)
          .arg(formatCount(double(s.macs)), formatBytes(double(s.weightBytes)),
               formatNs(s.npuLatencyNs), formatNj(s.npuEnergyNj))
          .arg(s.cimSupported)
          .arg(formatNs(s.cimLatencyNs), formatNj(s.cimEnergyNj),
               formatBytes(double(s.cimCapacityBytes)),
               s.measuredCosts > 0 ? tr("; %1 device costs measured").arg(s.measuredCosts)
                                   : QString()));

  m_velaView->setNetwork(layers, project.hardware.npu, label);
  std::vector<Arch> archs;
  if (!layers.empty() && network.isEmpty()) archs.push_back(arch);
  m_measuredView->setComparison(
      m_measured ? compareMeasured(*m_measured, project.space, project.hardware, archs)
                 : std::vector<MeasuredComparison>{});
}

QString HardwareEditor::summaryText() const { return m_totals->text(); }

}  // namespace h4h::ui
