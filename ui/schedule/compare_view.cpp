#include "ui/schedule/compare_view.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

#include "ui/common/units.h"
#include "ui/project/project_document.h"
#include "ui/schedule/gantt_chart.h"

namespace h4h::ui {

namespace {

using Kind = CompareVariant::Kind;

QString figureText(FigureUnit unit, double v) {
  switch (unit) {
    case FigureUnit::Ns:
      return formatNs(v);
    case FigureUnit::Nj:
      return formatNj(v);
    case FigureUnit::PerSecond:
      return QString::number(v, 'f', 1);
    case FigureUnit::Bytes:
      return formatBytes(v);
    case FigureUnit::Count:
      return QString::number(v, 'f', 0);
  }
  return {};
}

QString objectiveText(Objective o) {
  return o == Objective::Edp ? QObject::tr("energy·delay") : QString::fromLatin1(objectiveName(o));
}

}  // namespace

CompareView::CompareView(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_kind(new QComboBox),
      m_choice(new QComboBox),
      m_file(new QPushButton(tr("File…"))),
      m_state(new QLabel),
      m_currentTitle(new QLabel),
      m_variantTitle(new QLabel),
      m_currentChart(new GanttChart),
      m_variantChart(new GanttChart),
      m_summary(new QTextBrowser),
      m_timer(new QTimer(this)) {
  setObjectName("compareView");
  // The figures are in the difference table beside the charts.
  m_currentChart->setShowsTotals(false);
  m_variantChart->setShowsTotals(false);
  m_kind->setObjectName("compareKind");
  m_kind->addItem(tr("another objective"), int(Kind::Objective));
  m_kind->addItem(tr("a hardware preset"), int(Kind::HardwarePreset));
  m_kind->addItem(tr("a hardware file"), int(Kind::HardwareFile));
  m_kind->addItem(tr("another arch"), int(Kind::Arch));
  m_kind->setToolTip(
      tr("What the variant changes: the scheduler objective, the hardware (a shipped preset or a "
         "JSON file with a hardware section or a project) or the arch (from the Pareto front)"));
  m_choice->setObjectName("compareChoice");
  m_choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_choice->setMinimumContentsLength(24);
  m_file->setObjectName("compareFile");
  m_state->setObjectName("compareState");
  m_summary->setObjectName("compareSummary");
  m_summary->setOpenLinks(false);
  m_summary->setMinimumWidth(440);  // four columns without breaking "current" or a value
  for (QLabel* title : {m_currentTitle, m_variantTitle}) {
    title->setWordWrap(true);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  }

  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Compare with")));
  bar->addWidget(m_kind);
  bar->addWidget(m_choice);
  bar->addWidget(m_file);
  bar->addWidget(m_state);
  bar->addStretch(1);

  auto* charts = new QWidget;
  auto* chartsLayout = new QVBoxLayout(charts);
  chartsLayout->setContentsMargins(0, 0, 0, 0);
  chartsLayout->addWidget(m_currentTitle);
  chartsLayout->addWidget(m_currentChart, 1);
  chartsLayout->addWidget(m_variantTitle);
  chartsLayout->addWidget(m_variantChart, 1);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(charts);
  split->addWidget(m_summary);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(split, 1);

  m_timer->setSingleShot(true);
  m_timer->setInterval(0);
  connect(m_timer, &QTimer::timeout, this, [this] {
    if (isVisible()) recompute();
  });
  connect(m_kind, &QComboBox::currentIndexChanged, this, &CompareView::onKindChanged);
  connect(m_choice, &QComboBox::currentIndexChanged, this, &CompareView::onChoiceChanged);
  connect(m_file, &QPushButton::clicked, this, &CompareView::chooseFile);
  for (GanttChart* chart : {m_currentChart, m_variantChart}) {
    GanttChart* other = chart == m_currentChart ? m_variantChart : m_currentChart;
    connect(chart->plot()->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            [this, chart, other] { syncRange(chart, other); });
  }
  connect(m_currentChart, &GanttChart::layerClicked, this, &CompareView::layerClicked);
  connect(m_variantChart, &GanttChart::layerClicked, this, [this](int layer) {
    if (m_comparison.sameNetwork) emit layerClicked(layer);
  });
  onKindChanged();
  showResult(ScheduleView());
}

CompareView::~CompareView() {
  if (m_thread) {
    m_thread->disconnect(this);
    m_thread->wait();
    delete m_thread;
  }
}

void CompareView::setCurrent(const ScheduleView& view) {
  const bool archChanged = view.arch != m_current.arch;
  m_current = view;
  const auto kind = static_cast<Kind>(m_kind->currentData().toInt());
  // The arch list leaves out the tab's arch; the objective is another than the tab's.
  if ((archChanged && kind == Kind::Arch) || (kind == Kind::Objective && m_variant.objective == view.objective)) {
    fillChoices();
    onChoiceChanged();
  }
  scheduleRecompute();
}

void CompareView::setVariant(const CompareVariant& variant) {
  m_filling = true;
  m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(variant.kind))));
  fillChoices();
  m_filling = false;
  QVariant data;
  switch (variant.kind) {
    case Kind::Objective:
      data = int(variant.objective);
      break;
    case Kind::HardwarePreset:
      data = QString::fromStdString(variant.preset);
      break;
    case Kind::HardwareFile:
      data = QString::fromStdString(variant.path);
      break;
    case Kind::Arch:
      data = QString::fromStdString(variant.arch);
      break;
  }
  if (m_choice->findData(data) < 0)  // a file or an arch the list does not hold
    m_choice->addItem(variant.kind == Kind::HardwareFile ? QFileInfo(data.toString()).fileName()
                                                         : data.toString(),
                      data);
  m_choice->setCurrentIndex(m_choice->findData(data));
  m_variant = variant;
  scheduleRecompute();
}

void CompareView::onKindChanged() {
  if (m_filling) return;
  fillChoices();
  onChoiceChanged();
}

void CompareView::fillChoices() {
  const bool filling = m_filling;
  m_filling = true;
  m_choice->clear();
  const auto kind = static_cast<Kind>(m_kind->currentData().toInt());
  m_file->setVisible(kind == Kind::HardwareFile);
  switch (kind) {
    case Kind::Objective:
      for (Objective o : {Objective::Latency, Objective::Energy, Objective::Edp})
        m_choice->addItem(objectiveText(o), int(o));
      // Another objective than the tab's by default.
      m_choice->setCurrentIndex(m_current.objective == Objective::Latency ? 1 : 0);
      break;
    case Kind::HardwarePreset:
      for (const std::string& p : hardwarePresetChoices())
        m_choice->addItem(QString::fromStdString(p), QString::fromStdString(p));
      break;
    case Kind::HardwareFile:
      if (!m_variant.path.empty())
        m_choice->addItem(QFileInfo(QString::fromStdString(m_variant.path)).fileName(),
                          QString::fromStdString(m_variant.path));
      break;
    case Kind::Arch: {
      int i = 0;
      for (const ParetoRecord& r : m_document->project().results.pareto) {
        ++i;
        if (r.key.empty() || r.key == m_current.arch) continue;
        m_choice->addItem(tr("front #%1: %2").arg(i).arg(QString::fromStdString(r.key)),
                          QString::fromStdString(r.key));
        m_choice->setItemData(m_choice->count() - 1, QString::fromStdString(r.key),
                              Qt::ToolTipRole);
      }
      break;
    }
  }
  m_filling = filling;
}

void CompareView::onChoiceChanged() {
  if (m_filling) return;
  CompareVariant v;
  v.kind = static_cast<Kind>(m_kind->currentData().toInt());
  const QVariant data = m_choice->currentData();
  switch (v.kind) {
    case Kind::Objective:
      v.objective = static_cast<Objective>(data.toInt());
      break;
    case Kind::HardwarePreset:
      v.preset = data.toString().toStdString();
      break;
    case Kind::HardwareFile:
      v.path = data.toString().toStdString();
      break;
    case Kind::Arch:
      v.arch = data.toString().toStdString();
      break;
  }
  m_variant = v;
  scheduleRecompute();
}

void CompareView::chooseFile() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Hardware to compare with"), m_document->dialogPath(QString()),
      tr("Hardware or project JSON (*.json *.h4h);;All files (*)"));
  if (path.isEmpty()) return;
  CompareVariant v;
  v.kind = Kind::HardwareFile;
  v.path = path.toStdString();
  setVariant(v);
}

void CompareView::scheduleRecompute() {
  m_dirty = true;
  m_timer->start();
}

void CompareView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_dirty) m_timer->start();
}

void CompareView::recompute() {
  m_dirty = false;
  if (m_thread) {  // one computation at a time: the newest request runs after it
    m_pending = true;
    return;
  }
  if (m_current.arch.empty() || !m_current.ok()) {
    showResult(ScheduleView());
    return;
  }
  const bool needsChoice = m_variant.kind != Kind::Objective && m_choice->count() == 0;
  if (needsChoice) {
    ScheduleView none;
    none.error = m_variant.kind == Kind::HardwareFile
                     ? tr("Choose a hardware JSON file (File…).")
                     : tr("Nothing to choose from: the Pareto front has no other arch.");
    showResult(none);
    return;
  }
  auto result = std::make_shared<ScheduleView>();
  m_state->setText(tr("computing…"));
  m_thread = QThread::create([result, project = m_document->project(), arch = m_current.arch,
                              objective = m_current.objective, frames = m_current.frames,
                              variant = m_variant] {
    *result = computeVariantView(project, arch, objective, frames, variant);
  });
  connect(m_thread, &QThread::finished, this, [this, result] {
    m_thread->deleteLater();
    m_thread = nullptr;
    if (m_pending) {  // stale: what it computed was asked before the last change
      m_pending = false;
      recompute();
      return;
    }
    showResult(*result);
    emit computed();
  });
  m_thread->start();
}

void CompareView::showResult(const ScheduleView& other) {
  // Charts reset their own axes while they are filled: no syncing until both are.
  const QScopedValueRollback<bool> noSync(m_syncing, true);
  m_other = other;
  m_state->clear();
  const QString current =
      tr("<b>Current</b>: %1 objective").arg(objectiveText(m_current.objective));
  m_currentTitle->setText(current);
  m_variantTitle->setText(tr("<b>Variant</b>: %1").arg(variantLabel(m_variant).toHtmlEscaped()));
  if (!m_current.ok() || m_current.arch.empty()) {
    m_comparison = ScheduleComparison();
    m_currentChart->clear(m_current.arch.empty() ? tr("Select an arch in the Search tab.")
                                                 : m_current.error);
    m_variantChart->clear();
    m_summary->setHtml(tr("Nothing to compare yet."));
    return;
  }
  m_currentChart->setSystemHasCim(m_current.hasCim);
  m_currentChart->setSchedules(m_current.hybrid, m_current.layers);
  if (!other.ok() || other.hybrid.tasks.empty()) {
    m_comparison = ScheduleComparison();
    m_variantChart->clear(other.error);
    m_summary->setHtml(other.error.toHtmlEscaped());
    return;
  }
  m_variantChart->setSystemHasCim(other.hasCim);
  m_variantChart->setSchedules(other.hybrid, other.layers);
  m_comparison = compareSchedules("current", m_current.hybrid, m_current.layers, "variant",
                                  other.hybrid, other.layers);
  // One time axis: both charts show the longer schedule's whole span.
  const double spanNs = 1.02 * std::max(m_current.hybrid.makespanNs, other.hybrid.makespanNs);
  for (GanttChart* chart : {m_currentChart, m_variantChart}) {
    chart->plot()->xAxis->setRange(0, spanNs / chart->nsPerUnit());
    chart->plot()->replot();
  }
  m_summary->setHtml(summaryHtml());
}

void CompareView::syncRange(GanttChart* from, GanttChart* to) {
  if (m_syncing) return;
  m_syncing = true;
  const QCPRange r = from->plot()->xAxis->range();
  const double scale = from->nsPerUnit() / to->nsPerUnit();
  to->plot()->xAxis->setRange(r.lower * scale, r.upper * scale);
  to->plot()->replot(QCustomPlot::rpQueuedReplot);
  m_syncing = false;
}

void CompareView::setHighlightedLayer(int layerId) {
  m_currentChart->setHighlightedLayer(layerId);
  m_variantChart->setHighlightedLayer(m_comparison.sameNetwork ? layerId : -1);
}

QString CompareView::summaryHtml() const {
  const ScheduleComparison& c = m_comparison;
  if (c.changes.empty()) return {};
  QString html = tr("<p><b>Variant</b> (%1) against the <b>current</b> schedule, per frame:</p>")
                     .arg(variantLabel(m_variant).toHtmlEscaped());
  html +=
      "<table cellspacing=\"0\" cellpadding=\"3\" border=\"1\" style=\"border-collapse: "
      "collapse;\">";
  html += tr(
      "<tr><th align=\"left\">figure</th><th>current</th><th>variant</th><th>variant is</th></tr>");
  for (const FigureChange& f : c.changes)
    html +=
        QString(
            "<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td><td>%4</td></tr>")
            .arg(QString::fromStdString(f.label), figureText(f.unit, f.a), figureText(f.unit, f.b),
                 QString::fromStdString(f.words));
  html += "</table>";
  if (!c.sameNetwork) {
    html +=
        tr("<p>The two schedules run different networks: layers are not compared one by one.</p>");
    return html;
  }
  html += tr("<p><b>Layers moved</b>: %1 NPU → CIM, %2 CIM → NPU</p>")
              .arg(c.movedToCim)
              .arg(c.movedToNpu);
  for (Device to : {Device::Cim, Device::Npu}) {
    const std::string list = movedLayersText(c.moved, to);
    if (!list.empty())
      html +=
          tr("<p>to %1: %2</p>")
              .arg(to == Device::Cim ? "CIM" : "NPU", QString::fromStdString(list).toHtmlEscaped());
  }
  return html;
}

}  // namespace h4h::ui
