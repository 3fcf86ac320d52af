#include "ui/studies/study_settings_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <algorithm>
#include <limits>

#include "study/study.h"

namespace h4h::ui {

StudySettingsForm::StudySettingsForm(QWidget* parent)
    : QWidget(parent),
      m_study(new QComboBox),
      m_description(new QLabel),
      m_seeds(new QSpinBox),
      m_firstSeed(new QSpinBox),
      m_quick(new QCheckBox(tr("Quick: smaller samples and searches"))),
      m_budget(new QComboBox),
      m_out(new QLineEdit),
      m_browse(new QToolButton) {
  m_study->setObjectName("studyName");
  for (const Study* study : allStudies())
    m_study->addItem(QString::fromStdString(study->name()), QString::fromStdString(study->title()));
  m_description->setObjectName("studyDescription");
  m_description->setWordWrap(true);
  m_description->setStyleSheet("color: #555;");
  m_seeds->setObjectName("studySeeds");
  m_seeds->setRange(1, kMaxStudySeeds);
  m_seeds->setToolTip(tr("Independent samples or searches, seeded with the first seed, the next one, …"));
  m_firstSeed->setObjectName("studyFirstSeed");
  m_firstSeed->setRange(0, std::numeric_limits<int>::max());
  m_firstSeed->setValue(int(StudySettings().baseSeed));
  m_firstSeed->setToolTip(tr("The same project, seeds and settings give the same tables"));
  m_quick->setObjectName("studyQuick");
  m_quick->setToolTip(tr("A first look in about a minute; a full study takes up to ten (tpi: about an hour "
                         "on two cores, as its budget says)"));
  m_budget->setObjectName("studyBudget");
  m_budget->setToolTip(tr("How much the study trains: standard fits the demo project in about an hour on two "
                          "cores; full trains on every image for longer (for machines with more cores)"));
  m_out->setObjectName("studyOut");
  m_out->setPlaceholderText(tr("default: beside the project"));
  m_out->setToolTip(tr("The new folder for study.md, the CSV tables and the PNG plots; it must not exist. "
                       "Empty: <project>.h4h.d/studies/<study>-<UTC time>"));
  m_browse->setText(QStringLiteral("…"));
  m_browse->setToolTip(tr("Choose the folder"));

  auto* outRow = new QHBoxLayout;
  outRow->setContentsMargins(0, 0, 0, 0);
  outRow->addWidget(m_out, 1);
  outRow->addWidget(m_browse);
  auto* form = new QFormLayout(this);
  form->setContentsMargins(0, 0, 0, 0);
  form->addRow(tr("Study:"), m_study);
  form->addRow(m_description);
  form->addRow(tr("Seeds:"), m_seeds);
  form->addRow(tr("First seed:"), m_firstSeed);
  form->addRow(m_quick);
  form->addRow(tr("Budget:"), m_budget);
  form->addRow(tr("Folder:"), outRow);

  connect(m_study, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { describeStudy(); });
  connect(m_quick, &QCheckBox::toggled, this,
          [this](bool quick) { m_budget->setEnabled(m_budget->count() > 0 && !quick); });
  connect(m_browse, &QToolButton::clicked, this, [this] {
    const QString dir = QFileDialog::getSaveFileName(this, tr("New folder for the study"), m_out->text(), QString(),
                                                     nullptr, QFileDialog::ShowDirsOnly);
    if (!dir.isEmpty()) m_out->setText(dir);
  });
  describeStudy();
}

void StudySettingsForm::describeStudy() {
  m_description->setText(m_study->currentData().toString());
  m_study->setToolTip(m_study->currentData().toString());
  m_budget->clear();
  if (const Study* study = findStudy(m_study->currentText().toStdString())) {
    for (const std::string& b : study->budgets())
      if (b != "quick") m_budget->addItem(QString::fromStdString(b));  // quick is the checkbox
    m_seeds->setValue(study->defaultSeeds());
  }
  m_budget->setEnabled(m_budget->count() > 0 && !m_quick->isChecked());
}

StudySettings StudySettingsForm::settings() const {
  StudySettings s;
  s.study = m_study->currentText().toStdString();
  s.seeds = m_seeds->value();
  s.quick = m_quick->isChecked();
  s.baseSeed = static_cast<std::uint64_t>(m_firstSeed->value());
  // The first is the default; Quick is a budget of its own.
  if (m_budget->currentIndex() > 0 && !s.quick) s.budget = m_budget->currentText().toStdString();
  return s;
}

bool StudySettingsForm::setSettings(const StudySettings& settings) {
  const int i = m_study->findText(QString::fromStdString(settings.study));
  if (i < 0) return false;
  m_study->setCurrentIndex(i);
  m_seeds->setValue(settings.seeds);
  if (!settings.budget.empty())
    m_budget->setCurrentIndex(std::max(0, m_budget->findText(QString::fromStdString(settings.budget))));
  m_quick->setChecked(settings.quick);
  m_firstSeed->setValue(static_cast<int>(std::min<std::uint64_t>(settings.baseSeed, std::numeric_limits<int>::max())));
  return true;
}

QString StudySettingsForm::outputFolder() const { return m_out->text().trimmed(); }

void StudySettingsForm::setOutputFolder(const QString& dir) { m_out->setText(dir); }

}  // namespace h4h::ui
