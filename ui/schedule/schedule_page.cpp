#include "ui/schedule/schedule_page.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "ui/schedule/compare_view.h"
#include "ui/schedule/gantt_chart.h"
#include "ui/schedule/gantt_export.h"
#include "ui/schedule/network_view.h"
#include "ui/common/page_layout.h"
#include "ui/common/plot_style.h"
#include "ui/common/status_line.h"
#include "ui/project/project_document.h"
#include "ui/common/units.h"
#include "sched/schedule_export.h"

namespace h4h::ui {

namespace {

constexpr int kDefaultFrames = 3;

enum Column { ColId, ColBlock, ColKind, ColIn, ColOut, ColMacs, ColWeights, ColDevice, ColStart,
              ColDuration, ColEnergy, ColNpuOnly, ColCount };

QString us(double ns) { return QString::number(ns / 1e3, 'f', 2); }

QTableWidgetItem* cell(const QString& text, bool number = false) {
  auto* item = new QTableWidgetItem(text);
  if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

SchedulePage::SchedulePage(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_arch(new QLabel),
      m_objective(new QComboBox),
      m_frames(new QSpinBox),
      m_summary(new QLabel),
      m_status(new StatusLine),
      m_chart(new GanttChart),
      m_table(new QTableWidget),
      m_network(new NetworkView),
      m_compare(new CompareView(document)),
      m_refreshTimer(new QTimer(this)) {
  setObjectName("SchedulePage");
  m_arch->setObjectName("scheduleArch");
  m_arch->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_arch->setWordWrap(true);
  m_objective->setObjectName("scheduleObjective");
  m_objective->addItem(tr("latency"), int(Objective::Latency));
  m_objective->addItem(tr("energy"), int(Objective::Energy));
  m_objective->addItem(tr("energy·delay"), int(Objective::Edp));
  m_objective->setToolTip(tr("What the per-layer NPU/CIM assignment minimises"));
  m_frames->setObjectName("scheduleFrames");
  m_frames->setRange(1, 8);
  m_frames->setValue(kDefaultFrames);
  m_frames->setToolTip(tr("Frames streamed through the pipeline: frame f+1 starts on a device "
                          "while frame f runs on the other"));
  m_summary->setObjectName("scheduleSummary");
  m_summary->setWordWrap(true);
  m_summary->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);  // the chart gives way, not the totals
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_status->setObjectName("scheduleStatus");

  auto* reset = new QPushButton(tr("Reset zoom"));
  reset->setToolTip(tr("Show the whole schedule (or double-click empty space); wheel zooms time, drag pans, "
                       "shift+drag selects a time range"));
  auto* png = new QPushButton(tr("PNG…"));
  auto* pdf = new QPushButton(tr("PDF…"));
  for (QPushButton* picture : {png, pdf})
    picture->setToolTip(tr("The time range on screen with a title block (project, arch, hardware, totals) and "
                           "the legend; without the selection, arrows or range"));
  auto* trace = new QPushButton(tr("Chrome trace…"));
  auto* csv = new QPushButton(tr("CSV…"));
  trace->setToolTip(tr("Trace-event JSON: open in Perfetto (ui.perfetto.dev) or chrome://tracing"));

  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Objective")));
  bar->addWidget(m_objective);
  bar->addWidget(new QLabel(tr("Frames")));
  bar->addWidget(m_frames);
  bar->addWidget(reset);
  bar->addStretch(1);
  bar->addWidget(new QLabel(tr("Export")));
  bar->addWidget(png);
  bar->addWidget(pdf);
  bar->addWidget(trace);
  bar->addWidget(csv);

  m_table->setObjectName("scheduleTable");
  m_table->setColumnCount(ColCount);
  m_table->setHorizontalHeaderLabels({tr("#"), tr("Block"), tr("Kind"), tr("Input"), tr("Output"), tr("MACs"),
                                      tr("Weights (B)"), tr("Device"), tr("Start (µs)"), tr("Duration (µs)"),
                                      tr("Energy (nJ)"), tr("NPU-only (µs)")});
  m_table->horizontalHeaderItem(ColStart)->setToolTip(tr("Frame 0"));
  m_table->horizontalHeaderItem(ColNpuOnly)->setToolTip(tr("The layer's duration when everything runs on the NPU"));
  setUpRecordTable(m_table);
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->setColumnWidth(ColId, 40);
  m_table->setColumnWidth(ColBlock, 90);

  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(m_chart);
  auto* views = new QTabWidget;  // the layers as a table, as a graph, and this schedule against a variant
  views->setObjectName("scheduleViews");
  views->addTab(m_table, tr("Layers"));
  views->addTab(m_network, tr("Network"));
  views->addTab(m_compare, tr("Compare"));
  split->addWidget(views);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addWidget(m_arch);
  layout->addLayout(bar);
  layout->addWidget(m_summary);
  layout->addWidget(split, 1);
  layout->addWidget(m_status);

  m_refreshTimer->setSingleShot(true);
  m_refreshTimer->setInterval(0);
  connect(m_refreshTimer, &QTimer::timeout, this, [this] {
    if (isVisible()) refresh();
  });
  connect(m_objective, &QComboBox::currentIndexChanged, this, &SchedulePage::scheduleRefresh);
  connect(m_frames, &QSpinBox::valueChanged, this, &SchedulePage::scheduleRefresh);
  connect(reset, &QPushButton::clicked, m_chart, &GanttChart::resetView);
  connect(png, &QPushButton::clicked, this, [this] {
    exportWithDialog(tr("Export the Gantt chart as PNG"), tr("PNG image (*.png)"), ".png", &SchedulePage::exportPng);
  });
  connect(pdf, &QPushButton::clicked, this, [this] {
    exportWithDialog(tr("Export the Gantt chart as PDF"), tr("PDF (*.pdf)"), ".pdf", &SchedulePage::exportPdf);
  });
  connect(trace, &QPushButton::clicked, this, [this] {
    exportWithDialog(tr("Export a Chrome trace"), tr("Trace JSON (*.json)"), ".trace.json", &SchedulePage::exportTrace);
  });
  connect(csv, &QPushButton::clicked, this, [this] {
    exportWithDialog(tr("Export the tasks as CSV"), tr("CSV (*.csv)"), ".csv", &SchedulePage::exportCsv);
  });
  connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (m_filling) return;
    const int layer = row >= 0 ? m_table->item(row, ColId)->data(Qt::UserRole).toInt() : -1;
    m_chart->setHighlightedLayer(layer);
    m_network->setHighlightedLayer(layer);
    m_compare->setHighlightedLayer(layer);
  });
  connect(m_chart, &GanttChart::layerClicked, this, &SchedulePage::selectLayer);
  connect(m_network, &NetworkView::layerClicked, this, &SchedulePage::selectLayer);
  connect(m_compare, &CompareView::layerClicked, this, &SchedulePage::selectLayer);

  connect(document, &ProjectDocument::replaced, this, [this] {
    Objective o = Objective::Latency;
    parseObjective(m_document->project().search.scheduleObjective, o);
    setObjective(o);
    scheduleRefresh();
  });
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "results" && m_document->project().results.selected == m_view.arch && !m_dirty) return;
    if (section == "results" || section == "hardware" || section == "space") scheduleRefresh();
  });
  Objective o = Objective::Latency;
  parseObjective(m_document->project().search.scheduleObjective, o);
  setObjective(o);
  scheduleRefresh();
}

void SchedulePage::setObjective(Objective objective) {
  m_objective->setCurrentIndex(std::max(0, m_objective->findData(int(objective))));
}

void SchedulePage::setFrames(int frames) { m_frames->setValue(frames); }

void SchedulePage::scheduleRefresh() {
  m_dirty = true;
  m_refreshTimer->start();
}

void SchedulePage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_dirty) m_refreshTimer->start();
}

void SchedulePage::refresh() {
  m_dirty = false;
  const Project& project = m_document->project();
  const std::string key = project.results.selected;
  const Objective objective = static_cast<Objective>(m_objective->currentData().toInt());
  if (key != m_view.arch) m_chart->setHighlightedLayer(-1);  // layer ids belong to the old arch
  if (key.empty()) {
    m_view = ScheduleView();
    m_arch->setText(tr("<b>No arch selected.</b> Run a search and click a point in the Search tab."));
    m_summary->clear();
    m_chart->clear(tr("Select an arch in the Search tab to see its schedule."));
    m_network->clear();
  } else {
    m_view = computeScheduleView(project, key, objective, m_frames->value());
    const QString keyText = QString::fromStdString(key).toHtmlEscaped();
    m_arch->setText(m_view.resolution > 0
                        ? tr("<b>Arch</b> <code>%1</code> at %2×%2").arg(keyText).arg(m_view.resolution)
                        : tr("<b>Arch</b> <code>%1</code>").arg(keyText));
    m_summary->setText(scheduleSummary(m_view));
    m_chart->setSystemHasCim(m_view.hasCim);
    if (m_view.ok())
      m_chart->setSchedules(m_view.hybrid, m_view.layers, exportBaseline());
    else
      m_chart->clear(m_view.error);
    if (m_view.ok()) m_network->setNetwork(m_view.layers, m_view.hybrid);
    else m_network->clear(m_view.error);
  }
  m_compare->setCurrent(m_view);
  fillTable();
}

void SchedulePage::fillTable() {
  m_filling = true;
  const int keepLayer = m_chart->highlightedLayer();
  m_table->clearContents();
  const bool ok = m_view.ok() && !m_view.layers.empty();
  m_table->setRowCount(ok ? static_cast<int>(m_view.layers.size()) : 0);
  if (ok) {
    const std::vector<int> task = m_view.firstComputeTask();
    const std::vector<int> base = m_view.baselineComputeTask();
    for (std::size_t i = 0; i < m_view.layers.size(); ++i) {
      const Layer& l = m_view.layers[i];
      const int row = static_cast<int>(i);
      auto* id = cell(QString::number(l.id), true);
      id->setData(Qt::UserRole, l.id);
      m_table->setItem(row, ColId, id);
      m_table->setItem(row, ColBlock, cell(QString::fromStdString(l.block)));
      auto* kind = cell(QString::fromLatin1(layerKindName(l.kind)));
      kind->setForeground(layerKindColor(l.kind).darker(120));
      m_table->setItem(row, ColKind, kind);
      m_table->setItem(row, ColIn, cell(formatShape(l.in)));
      m_table->setItem(row, ColOut, cell(formatShape(l.out)));
      m_table->setItem(row, ColMacs, cell(formatCount(double(l.macs)), true));
      m_table->setItem(row, ColWeights, cell(formatCount(double(l.weightBytes)), true));
      const Device d = i < m_view.hybrid.device.size() ? m_view.hybrid.device[i] : Device::Npu;
      auto* dev = cell(QString::fromLatin1(deviceName(d)).toUpper());
      dev->setForeground(d == Device::Cim ? cimColor().darker(130) : npuColor());
      m_table->setItem(row, ColDevice, dev);
      if (task[i] >= 0) {
        const ScheduleTask& t = m_view.hybrid.tasks[static_cast<std::size_t>(task[i])];
        m_table->setItem(row, ColStart, cell(us(t.startNs), true));
        m_table->setItem(row, ColDuration, cell(us(t.endNs - t.startNs), true));
        m_table->setItem(row, ColEnergy, cell(QString::number(t.energyNj, 'f', 1), true));
      }
      if (base[i] >= 0) {
        const ScheduleTask& t = m_view.npuOnly.tasks[static_cast<std::size_t>(base[i])];
        m_table->setItem(row, ColNpuOnly, cell(us(t.endNs - t.startNs), true));
      }
    }
  }
  m_filling = false;
  if (ok && keepLayer >= 0 && keepLayer < m_table->rowCount()) selectLayer(keepLayer);
  else selectLayer(-1);
}

void SchedulePage::selectLayer(int layerId) {
  if (layerId < 0 || layerId >= m_table->rowCount()) {
    m_table->clearSelection();
    m_chart->setHighlightedLayer(-1);
    m_network->setHighlightedLayer(-1);
    m_compare->setHighlightedLayer(-1);
    return;
  }
  m_table->setCurrentCell(layerId, ColId);
  m_table->scrollToItem(m_table->item(layerId, ColId));
  m_chart->setHighlightedLayer(layerId);
  m_network->setHighlightedLayer(layerId);
  m_compare->setHighlightedLayer(layerId);
}

GanttTitle SchedulePage::exportTitle() const {
  const Project& p = m_document->project();
  return ganttTitle(p.name, m_view.arch, p.hardware, m_view.hybrid, exportBaseline());
}

const Schedule* SchedulePage::exportBaseline() const {
  return m_view.npuOnly.tasks.empty() || !m_view.hasCim ? nullptr : &m_view.npuOnly;
}

bool SchedulePage::exportPicture(const QString& path, bool pdf) {
  if (!m_view.ok() || m_view.hybrid.tasks.empty()) {
    setStatus(tr("Nothing to export: select an arch with a feasible schedule first."), true);
    return false;
  }
  // A fresh chart at the time range on screen: the selection, its arrows and the
  // selected range are the user's working state, not part of the picture.
  const GanttTitle title = exportTitle();
  GanttRenderOptions o;
  o.size = QSize(1600, 700);
  o.baseline = exportBaseline();
  o.hasCim = m_view.hasCim;
  o.title = &title;
  const QCPRange shown = m_chart->plot()->xAxis->range();
  o.fromNs = shown.lower * m_chart->nsPerUnit();
  o.toNs = shown.upper * m_chart->nsPerUnit();
  const bool ok = pdf ? writeGanttPdf(m_view.hybrid, m_view.layers, path, o)
                      : renderGanttImage(m_view.hybrid, m_view.layers, o).save(path, "PNG");
  setStatus(ok ? tr("Wrote %1").arg(path) : tr("Cannot write %1").arg(path), !ok);
  return ok;
}

bool SchedulePage::exportPng(const QString& path) { return exportPicture(path, false); }
bool SchedulePage::exportPdf(const QString& path) { return exportPicture(path, true); }

bool SchedulePage::exportTrace(const QString& path) {
  if (!m_view.ok() || m_view.hybrid.tasks.empty()) {
    setStatus(tr("Nothing to export: select an arch with a feasible schedule first."), true);
    return false;
  }
  try {
    writeTextFile(path.toStdString(), chromeTrace(m_view.hybrid, m_view.layers, exportBaseline()).dump(1));
  } catch (const std::exception& e) {
    setStatus(QString::fromUtf8(e.what()), true);
    return false;
  }
  setStatus(tr("Wrote %1 (open it in Perfetto or chrome://tracing)").arg(path));
  return true;
}

bool SchedulePage::exportCsv(const QString& path) {
  if (!m_view.ok() || m_view.hybrid.tasks.empty()) {
    setStatus(tr("Nothing to export: select an arch with a feasible schedule first."), true);
    return false;
  }
  try {
    writeTextFile(path.toStdString(), scheduleCsv(m_view.hybrid));
  } catch (const std::exception& e) {
    setStatus(QString::fromUtf8(e.what()), true);
    return false;
  }
  setStatus(tr("Wrote %1").arg(path));
  return true;
}

void SchedulePage::exportWithDialog(const QString& title, const QString& filter, const QString& suffix,
                                    bool (SchedulePage::*fn)(const QString&)) {
  const QString path = QFileDialog::getSaveFileName(this, title, m_document->dialogPath("schedule" + suffix), filter);
  if (!path.isEmpty()) (this->*fn)(path);
}

QString SchedulePage::summaryText() const { return m_summary->text(); }
QString SchedulePage::statusText() const { return m_status->text(); }

void SchedulePage::setStatus(const QString& text, bool error) {
  m_status->setMessage(text, error);
}

}  // namespace h4h::ui
