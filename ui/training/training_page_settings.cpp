#include "ui/training/training_page_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <cmath>

#include "data/data_config.h"
#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "train/training_config.h"

namespace h4h::ui {

namespace {

using T = TrainingSetting::Type;

TrainingSetting s(const char* path, const char* label, T type, double min = 0, double max = 0,
                  int decimals = 0, const char* unit = "", const char* tip = "") {
  TrainingSetting t;
  t.path = path;
  t.label = QObject::tr(label);
  t.type = type;
  t.min = min;
  t.max = max;
  t.decimals = decimals;
  t.unit = unit[0] ? QStringLiteral(" ") + QString::fromUtf8(unit) : QString();
  t.toolTip = QObject::tr(tip);
  return t;
}

QStringList toQt(const std::vector<std::string>& v) {
  QStringList out;
  for (const auto& x : v) out << QString::fromStdString(x);
  return out;
}

std::vector<TrainingSetting> makeSettings() {
  std::vector<TrainingSetting> v = {
      s("training.recipe", "Recipe", T::Choice, 0, 0, 0, "",
        "cnn-only: CNN subspace; vanilla: whole space; tpi-*: CNN subspace first, then the "
        "whole space (CNN weights frozen or not); vanilla-gradproj: whole space with NASViT "
        "gradient projection"),
      s("training.epochs", "Epochs", T::Int, 1, 10000, 0, "", "Epochs of single-phase recipes"),
      s("training.phase1_epochs", "Phase 1 epochs", T::Int, 1, 10000, 0, "",
        "Two-phase recipes: epochs on the CNN-only subspace"),
      s("training.phase2_epochs", "Phase 2 epochs", T::Int, 1, 10000, 0, "",
        "Two-phase recipes: epochs on the whole space"),
      s("training.learning_rate", "Learning rate", T::Real, 1e-7, 10, 6, "", "Peak learning rate"),
      s("training.warmup_epochs", "Warm-up", T::Real, 0, 1000, 2, "epochs",
        "Linear warm-up before the cosine decay (per phase)"),
      s("training.momentum", "Momentum", T::Real, 0, 0.999, 3),
      s("training.nesterov", "Nesterov", T::Bool),
      s("training.weight_decay", "Weight decay", T::Real, 0, 0.1, 6),
      s("training.label_smoothing", "Label smoothing", T::Real, 0, 0.5, 3),
      s("training.grad_clip", "Gradient clip", T::Real, 0, 1e6, 2, "",
        "Max global gradient norm; 0 disables clipping"),
      s("training.sandwich_random", "Random subnets", T::Int, 0, 16, 0, "per step",
        "Random subnets per step besides the max and min nets (sandwich rule)"),
      s("training.distill", "In-place distillation", T::Bool, 0, 0, 0, "",
        "Subnets learn from the max net's soft labels"),
      s("training.bn_recalib_batches", "BN recalibration", T::Int, 1, 10000, 0, "batches",
        "Batches used to re-estimate BN statistics per evaluated subnet"),
      s("training.seed", "Seed", T::Int, 0, 9007199254740992.0),
      s("training.device", "Device", T::Choice),
      s("training.checkpoint_minutes", "Checkpoint every", T::Real, 0, 1440, 1, "min",
        "Minutes between checkpoints within an epoch, so a crash or kill loses at most this "
        "much training; 0 = at epoch ends only. Does not change the trained weights."),
      s("data.dataset", "Dataset", T::Choice),
      s("data.path", "Dataset folder", T::Text, 0, 0, 0, "",
        "Relative paths are resolved against the project file"),
      s("data.batch_size", "Batch size", T::Int, 1, 65536, 0, "images"),
      s("data.train_limit", "Train images", T::Int, 0, 100000000, 0, "", "0 = all"),
      s("data.test_limit", "Test images", T::Int, 0, 100000000, 0, "", "0 = all"),
      s("data.random_crop", "Random crop", T::Bool, 0, 0, 0, "",
        "Training batches: pad-4 random crop; for an image folder, random-resized crop"),
      s("data.flip", "Flip", T::Bool, 0, 0, 0, "", "Training batches: random horizontal flip"),
      s("data.image_size", "Image size", T::Int, 0, 4096, 0, "px",
        "Image folders: side of the images; 0 = the space's largest training resolution"),
      s("data.bad_images", "Unreadable images", T::Choice, 0, 0, 0, "",
        "Image folders: fail stops with the file's path; skip leaves it out with a warning"),
      s("data.decode_threads", "Decode threads", T::Int, 1, 256, 0, "", "Image folders: threads decoding a batch"),
  };
  for (TrainingSetting& t : v) {
    if (t.path == "training.recipe") t.choices = toQt(trainingRecipes());
    if (t.path == "training.device") t.choices = {"cpu", "cuda"};
    if (t.path == "data.dataset") t.choices = toQt(datasetNames());
    if (t.path == "data.bad_images") t.choices = toQt(badImagePolicies());
  }
  return v;
}

Json valueJson(const TrainingSetting& t, const QVariant& value) {
  switch (t.type) {
    case T::Int: return static_cast<long long>(std::llround(value.toDouble()));
    case T::Real: return value.toDouble();
    case T::Bool: return value.toBool();
    case T::Choice:
    case T::Text: return value.toString().toStdString();
  }
  return Json();
}

QVariant jsonValue(const TrainingSetting& t, const Json& j) {
  if (j.is_null()) return {};
  switch (t.type) {
    case T::Int:
    case T::Real: return j.get<double>();
    case T::Bool: return j.get<bool>();
    case T::Choice:
    case T::Text: return QString::fromStdString(j.get<std::string>());
  }
  return {};
}

QStringList toStrings(const ErrorList& errors) {
  QStringList out;
  for (const FieldError& e : errors.items()) out << QString::fromStdString(e.str());
  return out;
}

}  // namespace

const std::vector<TrainingSetting>& trainingSettings() {
  static const std::vector<TrainingSetting> kSettings = makeSettings();
  return kSettings;
}

TrainingSettingsForm::TrainingSettingsForm(ProjectDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  QGridLayout* grids[2] = {nullptr, nullptr};
  const QString titles[2] = {tr("Training"), tr("Data")};
  for (int g = 0; g < 2; ++g) {
    auto* box = new QGroupBox(titles[g]);
    grids[g] = new QGridLayout(box);
    grids[g]->setVerticalSpacing(3);
    grids[g]->setColumnStretch(1, 1);
    layout->addWidget(box);
  }
  int rows[2] = {0, 0};
  for (const TrainingSetting& t : trainingSettings()) {
    const int g = t.path.startsWith("data.") ? 1 : 0;
    QWidget* ed = makeEditor(t);
    ed->setToolTip(t.toolTip.isEmpty() ? t.path : t.toolTip + "\n" + t.path);
    auto* label = new QLabel(t.label);
    label->setBuddy(ed);
    auto* problem = new QLabel;
    problem->setWordWrap(true);
    problem->setStyleSheet("color: rgb(180, 20, 20);");
    problem->setVisible(false);
    grids[g]->addWidget(label, rows[g], 0);
    grids[g]->addWidget(ed, rows[g], 1);
    grids[g]->addWidget(problem, rows[g] + 1, 0, 1, 2);
    rows[g] += 2;
    m_rows.insert(t.path, Row{&t, ed, problem});
  }
  layout->addStretch(1);

  connect(document, &ProjectDocument::replaced, this, &TrainingSettingsForm::refresh);
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "training" || section == "data") refresh();
  });
  refresh();
}

QWidget* TrainingSettingsForm::makeEditor(const TrainingSetting& t) {
  const QString path = t.path;
  switch (t.type) {
    case T::Int:
    case T::Real: {
      auto* spin = new QDoubleSpinBox;
      spin->setDecimals(t.decimals);
      spin->setRange(t.min, t.max);
      spin->setSuffix(t.unit);
      spin->setKeyboardTracking(false);
      spin->setAlignment(Qt::AlignRight);
      if (t.type == T::Real && t.decimals >= 4) spin->setSingleStep(std::pow(10.0, -t.decimals + 2));
      connect(spin, &QDoubleSpinBox::valueChanged, this, [this, path](double v) {
        if (!m_refreshing) applySetting(path, v);
      });
      return spin;
    }
    case T::Bool: {
      auto* check = new QCheckBox;
      connect(check, &QCheckBox::toggled, this, [this, path](bool on) {
        if (!m_refreshing) applySetting(path, on);
      });
      return check;
    }
    case T::Choice: {
      auto* combo = new QComboBox;
      combo->addItems(t.choices);
      connect(combo, &QComboBox::activated, this, [this, path, combo](int) {
        if (!m_refreshing) applySetting(path, combo->currentText());
      });
      return combo;
    }
    case T::Text: {
      auto* line = new QLineEdit;
      connect(line, &QLineEdit::editingFinished, this, [this, path, line] {
        if (!m_refreshing) applySetting(path, line->text());
      });
      return line;
    }
  }
  return new QWidget;
}

bool TrainingSettingsForm::applySetting(const QString& path, const QVariant& value) {
  const auto it = m_rows.find(path);
  if (it == m_rows.end()) return false;
  const TrainingSetting& t = *it->setting;
  const std::string key = path.section('.', 1).toStdString();
  ErrorList errors;
  bool pushed = false;
  if (path.startsWith("training.")) {
    Json j = trainingConfigToJson(m_document->project().training);
    j[key] = valueJson(t, value);
    TrainingConfig c = trainingConfigFromJson(j, "training", errors);
    if (errors.empty())
      pushed = pushSectionEdit(m_document, &Project::training, "training", std::move(c),
                               tr("Edit %1").arg(t.label.toLower()), path);
  } else {
    Json j = dataConfigToJson(m_document->project().data, /*everyField=*/true);
    j[key] = valueJson(t, value);
    DataConfig c = dataConfigFromJson(j, "data", errors);
    if (errors.empty())
      pushed = pushSectionEdit(m_document, &Project::data, "data", std::move(c),
                               tr("Edit %1").arg(t.label.toLower()), path);
  }
  Q_UNUSED(pushed);
  const QString problem = errors.empty() ? QString() : tr("Refused: %1").arg(toStrings(errors).join("; "));
  it->problem->setText(problem);
  it->problem->setVisible(!problem.isEmpty());
  return errors.empty();
}

QString TrainingSettingsForm::settingProblem(const QString& path) const {
  const auto it = m_rows.find(path);
  return it == m_rows.end() ? QString() : it->problem->text();
}

QWidget* TrainingSettingsForm::editor(const QString& path) const {
  const auto it = m_rows.find(path);
  return it == m_rows.end() ? nullptr : it->editor;
}

void TrainingSettingsForm::refresh() {
  m_refreshing = true;
  const Json training = trainingConfigToJson(m_document->project().training);
  const Json data = dataConfigToJson(m_document->project().data, /*everyField=*/true);
  for (auto it = m_rows.begin(); it != m_rows.end(); ++it) {
    const std::string key = it.key().section('.', 1).toStdString();
    const Json& section = it.key().startsWith("training.") ? training : data;
    const QVariant v = section.contains(key) ? jsonValue(*it->setting, section[key]) : QVariant();
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(it->editor)) spin->setValue(v.toDouble());
    else if (auto* check = qobject_cast<QCheckBox*>(it->editor)) check->setChecked(v.toBool());
    else if (auto* combo = qobject_cast<QComboBox*>(it->editor)) combo->setCurrentText(v.toString());
    else if (auto* line = qobject_cast<QLineEdit*>(it->editor)) line->setText(v.toString());
    it->problem->clear();
    it->problem->setVisible(false);
  }
  const bool twoPhase = isTwoPhaseRecipe(m_document->project().training.recipe);
  m_rows["training.epochs"].editor->setEnabled(!twoPhase);
  m_rows["training.phase1_epochs"].editor->setEnabled(twoPhase);
  m_rows["training.phase2_epochs"].editor->setEnabled(twoPhase);
  const bool folder = m_document->project().data.dataset == "folder";
  for (const char* path : {"data.image_size", "data.bad_images", "data.decode_threads"})
    m_rows[path].editor->setEnabled(folder);
  m_refreshing = false;
}

}  // namespace h4h::ui
