#include "ui/search/search_page_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <algorithm>
#include <cmath>

#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "ui/search/pareto_points.h"

namespace h4h {
bool sectionEquals(const SearchConfig& a, const SearchConfig& b) {
  return searchConfigToJson(a) == searchConfigToJson(b);
}
}  // namespace h4h

namespace h4h::ui {

namespace {

const char* kBudgetMetrics[] = {"latency_ms", "energy_mj"};

double budgetMax(const SearchConfig& c, const std::string& metric) {
  for (const auto& b : c.budgets)
    if (b.metric == metric && std::isfinite(b.max)) return b.max;
  return 0.0;
}

/// Sets (value > 0) or removes (value 0) the upper bound on `metric`, keeping other budgets.
void setBudgetMax(SearchConfig& c, const std::string& metric, double value) {
  for (auto it = c.budgets.begin(); it != c.budgets.end(); ++it) {
    if (it->metric != metric) continue;
    if (value > 0) it->max = value;
    else if (std::isfinite(it->min)) it->max = std::numeric_limits<double>::infinity();
    else c.budgets.erase(it);
    return;
  }
  if (value > 0) c.budgets.push_back(SearchConfig::Budget{metric, value, -std::numeric_limits<double>::infinity()});
}

/// Whether the box shows `shown` rounded to its decimals: then the stored value is kept, so
/// that one with more decimals than the box shows (0.3125 ms) survives edits of other fields.
bool boxShows(const QDoubleSpinBox* box, double shown) {
  const double shownStep = 0.5 * std::pow(10.0, -box->decimals());
  return std::abs(box->value() - shown) <= shownStep * (1 + 1e-9);
}

double budgetFromBox(const QDoubleSpinBox* box, double stored) { return boxShows(box, stored) ? stored : box->value(); }

QDoubleSpinBox* budgetSpin(const QString& unit, double max) {
  auto* s = new QDoubleSpinBox;
  s->setRange(0.0, max);
  s->setDecimals(3);
  s->setSingleStep(1.0);
  s->setSuffix(" " + unit);
  s->setSpecialValueText(QObject::tr("none"));
  s->setKeyboardTracking(false);
  return s;
}

}  // namespace

SearchSettingsForm::SearchSettingsForm(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_algorithm(new QComboBox),
      m_generations(new QSpinBox),
      m_population(new QSpinBox),
      m_seed(new QSpinBox),
      m_scheduleObjective(new QComboBox),
      m_cnnOnly(new QCheckBox(tr("CNN-only subspace (every ViT depth 0)"))),
      m_latencyBudget(budgetSpin("ms", 1e6)),
      m_energyBudget(budgetSpin("mJ", 1e6)),
      m_accuracySource(new QComboBox),
      m_verifyEvery(new QSpinBox),
      m_accuracyStderr(new QDoubleSpinBox),
      m_problem(new QLabel) {
  setObjectName("SearchSettingsForm");
  m_generations->setObjectName("searchGenerations");
  m_latencyBudget->setObjectName("searchLatencyBudget");
  m_algorithm->addItem(tr("NSGA-II"), "nsga2");
  m_algorithm->addItem(tr("Random search (baseline)"), "random");
  m_generations->setRange(0, 100000);
  m_generations->setToolTip(tr("Generations after the initial population"));
  m_population->setRange(2, 100000);
  m_seed->setRange(0, 2147483647);
  m_seed->setToolTip(tr("The same seed gives the same search"));
  for (auto* s : {m_generations, m_population, m_seed}) s->setKeyboardTracking(false);
  for (const char* o : {"latency", "energy", "edp"}) m_scheduleObjective->addItem(o, o);
  m_scheduleObjective->setToolTip(tr("What the per-layer NPU/CIM assignment minimises for each arch"));
  m_latencyBudget->setToolTip(tr("Archs slower than this are infeasible (greyed); 0 = no budget"));
  m_energyBudget->setToolTip(tr("Archs using more energy per frame are infeasible; 0 = no budget"));
  m_accuracySource->setObjectName("searchAccuracySource");
  // Short names keep the settings column (and the window's minimum width) narrow; the tooltip explains.
  m_accuracySource->addItem(tr("Supernet"), "supernet");
  m_accuracySource->addItem(tr("Predictor"), "predictor");
  m_accuracySource->addItem(tr("Predictor + verify"), "predictor+verify");
  m_accuracySource->setToolTip(
      tr("Where the accuracy objective's values come from.\n"
         "Supernet: every arch is measured on the trained supernet (exact, slowest).\n"
         "Predictor: the initial population is measured; a ridge regressor fitted on those measurements "
         "(and on the project's stored predictor) predicts the rest, microseconds per arch.\n"
         "Predictor + verify: as Predictor, and the front's predicted archs are measured every N generations "
         "and at the end, so the final front holds measured accuracies only."));
  m_verifyEvery->setObjectName("searchVerifyEvery");
  m_verifyEvery->setRange(1, 1000000);
  m_verifyEvery->setKeyboardTracking(false);
  m_verifyEvery->setToolTip(tr("Predictor + verify: every this many generations the front's predicted archs are "
                               "measured on the supernet and the predictor refitted (always at the end too)"));
  m_accuracyStderr->setObjectName("searchAccuracyStderr");
  m_accuracyStderr->setRange(0.0, 50.0);  // the section allows up to 0.5
  m_accuracyStderr->setDecimals(2);
  m_accuracyStderr->setSingleStep(0.1);
  m_accuracyStderr->setSuffix(tr(" points"));
  m_accuracyStderr->setSpecialValueText(tr("fixed batches"));
  m_accuracyStderr->setKeyboardTracking(false);
  m_accuracyStderr->setToolTip(
      tr("A supernet measurement adds held-out batches until the standard error of its top-1 is at most this "
         "many accuracy points (or the split is used up); 0 = a fixed number of batches per arch"));
  m_problem->setObjectName("searchSettingsProblem");
  m_problem->setWordWrap(true);
  m_problem->setStyleSheet("color: #b00020;");
  m_problem->hide();

  auto* objectives = new QWidget;
  auto* grid = new QGridLayout(objectives);
  grid->setContentsMargins(0, 0, 0, 0);
  int i = 0;
  for (const std::string& name : searchObjectiveNames()) {
    auto* box = new QCheckBox(QString::fromStdString(name));
    box->setObjectName("objective_" + QString::fromStdString(name));
    box->setProperty("objective", QString::fromStdString(name));
    if (name == "accuracy") box->setToolTip(tr("Needs a trained supernet (Training tab)"));
    grid->addWidget(box, i / 3, i % 3);
    m_objectives << box;
    ++i;
  }

  auto* form = new QFormLayout(this);
  form->setContentsMargins(0, 0, 0, 0);
  form->addRow(tr("Algorithm"), m_algorithm);
  form->addRow(tr("Generations"), m_generations);
  form->addRow(tr("Population"), m_population);
  form->addRow(tr("Seed"), m_seed);
  form->addRow(tr("Objectives"), objectives);
  form->addRow(tr("Scheduler minimises"), m_scheduleObjective);
  form->addRow(tr("Latency budget"), m_latencyBudget);
  form->addRow(tr("Energy budget"), m_energyBudget);
  form->addRow(tr("Accuracy from"), m_accuracySource);
  form->addRow(tr("Verify every"), m_verifyEvery);
  form->addRow(tr("Target standard error"), m_accuracyStderr);
  form->addRow(m_cnnOnly);
  form->addRow(m_problem);

  connect(m_algorithm, &QComboBox::currentIndexChanged, this, [this] { commit(tr("Search algorithm"), {}); });
  connect(m_scheduleObjective, &QComboBox::currentIndexChanged, this,
          [this] { commit(tr("Scheduler objective"), {}); });
  connect(m_generations, &QSpinBox::valueChanged, this, [this] { commit(tr("Generations"), "search.generations"); });
  connect(m_population, &QSpinBox::valueChanged, this, [this] { commit(tr("Population"), "search.population"); });
  connect(m_seed, &QSpinBox::valueChanged, this, [this] { commit(tr("Search seed"), "search.seed"); });
  connect(m_latencyBudget, &QDoubleSpinBox::valueChanged, this,
          [this] { commit(tr("Latency budget"), "search.latency_budget"); });
  connect(m_energyBudget, &QDoubleSpinBox::valueChanged, this,
          [this] { commit(tr("Energy budget"), "search.energy_budget"); });
  connect(m_accuracySource, &QComboBox::currentIndexChanged, this, [this] { commit(tr("Accuracy source"), {}); });
  connect(m_verifyEvery, &QSpinBox::valueChanged, this,
          [this] { commit(tr("Verify every"), "search.verify_every"); });
  connect(m_accuracyStderr, &QDoubleSpinBox::valueChanged, this,
          [this] { commit(tr("Target standard error"), "search.accuracy_stderr"); });
  connect(m_cnnOnly, &QCheckBox::toggled, this, [this] { commit(tr("CNN-only search"), {}); });
  for (QCheckBox* box : m_objectives)
    connect(box, &QCheckBox::toggled, this, [this] { commit(tr("Search objectives"), {}); });

  connect(document, &ProjectDocument::replaced, this, &SearchSettingsForm::refresh);
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "search") refresh();
  });
  refresh();
}

QString SearchSettingsForm::problem() const { return m_problem->isVisible() ? m_problem->text() : QString(); }

SearchConfig SearchSettingsForm::fromEditors() const {
  SearchConfig c = m_document->project().search;
  c.algorithm = m_algorithm->currentData().toString().toStdString();
  c.generations = m_generations->value();
  c.population = m_population->value();
  c.seed = static_cast<std::uint64_t>(m_seed->value());
  std::vector<std::string> objectives;
  for (QCheckBox* box : m_objectives)
    if (box->isChecked()) objectives.push_back(box->property("objective").toString().toStdString());
  // Keep the project's order for objectives that stay, then append new ones.
  std::vector<std::string> ordered;
  for (const auto& o : c.objectives)
    if (std::find(objectives.begin(), objectives.end(), o) != objectives.end()) ordered.push_back(o);
  for (const auto& o : objectives)
    if (std::find(ordered.begin(), ordered.end(), o) == ordered.end()) ordered.push_back(o);
  if (ordered != c.objectives) c.referencePoint.clear();  // it had one value per old objective
  c.objectives = ordered;
  c.scheduleObjective = m_scheduleObjective->currentData().toString().toStdString();
  c.cnnOnly = m_cnnOnly->isChecked();
  setBudgetMax(c, kBudgetMetrics[0], budgetFromBox(m_latencyBudget, budgetMax(c, kBudgetMetrics[0])));
  setBudgetMax(c, kBudgetMetrics[1], budgetFromBox(m_energyBudget, budgetMax(c, kBudgetMetrics[1])));
  c.accuracySource = m_accuracySource->currentData().toString().toStdString();
  c.verifyEvery = m_verifyEvery->value();
  if (!boxShows(m_accuracyStderr, kAccuracyPointsPerFraction * c.accuracyStderr))
    c.accuracyStderr = m_accuracyStderr->value() / kAccuracyPointsPerFraction;
  return c;
}

void SearchSettingsForm::commit(const QString& text, const QString& mergeKey) {
  if (m_refreshing) return;
  if (!apply(fromEditors(), text, mergeKey)) refresh();
}

bool SearchSettingsForm::apply(const SearchConfig& config, const QString& text, const QString& mergeKey) {
  ErrorList errors;
  const SearchConfig checked = searchConfigFromJson(searchConfigToJson(config), "search", errors);
  if (!errors.empty()) {
    QStringList lines;
    for (const FieldError& e : errors.items()) lines << QString::fromStdString(e.str());
    m_problem->setText(lines.join("\n"));
    m_problem->show();
    return false;
  }
  m_problem->hide();
  pushSectionEdit(m_document, &Project::search, QStringLiteral("search"), checked, text, mergeKey);
  return true;
}

void SearchSettingsForm::refresh() {
  m_refreshing = true;
  const SearchConfig& c = m_document->project().search;
  m_algorithm->setCurrentIndex(std::max(0, m_algorithm->findData(QString::fromStdString(c.algorithm))));
  m_generations->setValue(c.generations);
  m_population->setValue(c.population);
  m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(c.seed, 2147483647)));
  for (QCheckBox* box : m_objectives) {
    const std::string name = box->property("objective").toString().toStdString();
    box->setChecked(std::find(c.objectives.begin(), c.objectives.end(), name) != c.objectives.end());
  }
  m_scheduleObjective->setCurrentIndex(
      std::max(0, m_scheduleObjective->findData(QString::fromStdString(c.scheduleObjective))));
  m_cnnOnly->setChecked(c.cnnOnly);
  m_latencyBudget->setValue(budgetMax(c, kBudgetMetrics[0]));
  m_energyBudget->setValue(budgetMax(c, kBudgetMetrics[1]));
  m_accuracySource->setCurrentIndex(
      std::max(0, m_accuracySource->findData(QString::fromStdString(c.accuracySource))));
  m_verifyEvery->setValue(c.verifyEvery);
  m_verifyEvery->setEnabled(c.accuracySource == "predictor+verify");
  m_accuracyStderr->setValue(kAccuracyPointsPerFraction * c.accuracyStderr);
  m_refreshing = false;
}

}  // namespace h4h::ui
