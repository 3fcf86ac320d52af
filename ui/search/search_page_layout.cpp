// The Search tab's widgets: the left column (Start / Resume / Cancel, live line,
// status, settings, selected arch) and the plot area (axis pickers, the Pareto plot,
// filter and table), and how the axes are chosen. search_page.cpp runs the search
// and keeps the points; search_page_selection.cpp follows the selected arch.

#include <QComboBox>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QToolButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <functional>

#include "ui/common/page_layout.h"
#include "ui/common/status_line.h"
#include "ui/project/project_document.h"
#include "ui/search/parallel_coords_view.h"
#include "ui/search/pareto_table.h"
#include "ui/search/search_page.h"
#include "ui/search/search_page_export.h"
#include "ui/search/search_history_plot.h"
#include "ui/search/search_page_settings.h"

namespace h4h::ui {

namespace {

QComboBox* metricCombo(bool withNone) {
  auto* c = new QComboBox;
  if (withNone) c->addItem(QObject::tr("(one colour)"), QString());
  const auto& metrics = paretoMetrics();
  for (std::size_t i = 0; i < metrics.size(); ++i)
    c->addItem(paretoMetricTitle(static_cast<int>(i)), QString::fromLatin1(metrics[i].key));
  return c;
}

}  // namespace

void SearchPage::axesForObjectives() {
  m_axesObjectives = m_document->project().search.objectives;
  std::vector<QString> keys;
  bool accuracy = false;
  for (const std::string& o : m_document->project().search.objectives) {
    const QString key = QString::fromStdString(objectiveMetricKey(o));
    if (key == "accuracy") accuracy = true;
    else if (!key.isEmpty()) keys.push_back(key);
  }
  QString x = keys.empty() ? QStringLiteral("latency_ms") : keys[0];
  QString y, colour;
  if (accuracy) {
    y = "accuracy";
    colour = keys.size() > 1 ? keys[1] : QStringLiteral("vit_mbconv_ratio");
  } else {
    y = keys.size() > 1 ? keys[1] : (x == "energy_mj" ? QStringLiteral("latency_ms") : QStringLiteral("energy_mj"));
    colour = keys.size() > 2 ? keys[2] : QStringLiteral("vit_mbconv_ratio");
  }
  setAxes(x, y, colour);
}

QWidget* SearchPage::buildLeftColumn() {
  m_start = new QPushButton(tr("Start search"));
  m_resume = new QPushButton(tr("Resume"));
  m_cancel = new QPushButton(tr("Cancel"));
  m_start->setObjectName("searchStart");
  m_resume->setObjectName("searchResume");
  m_cancel->setObjectName("searchCancel");
  m_start->setToolTip(tr("A new search with these settings; the current points stay as a faded earlier run"));
  m_resume->setToolTip(tr("Continue the search saved in the project (more generations, or after a cancel)"));
  m_status = new StatusLine;
  m_status->setObjectName("searchStatus");
  m_live = new QLabel;
  m_live->setObjectName("searchLive");
  m_live->setWordWrap(true);
  m_predictor = new StatusLine;
  m_predictor->setObjectName("searchPredictor");
  m_predictor->setToolTip(tr("How well the accuracy predictor (search settings: Accuracy from) orders and "
                             "matches archs it was not fitted on; RMSE in accuracy points"));
  m_predictor->hide();

  auto* settingsBox = new QGroupBox(tr("Search settings"));
  auto* sl = new QVBoxLayout(settingsBox);
  sl->addWidget(m_settings);

  auto* selBox = new QGroupBox(tr("Selected arch"));
  auto* sel = new QVBoxLayout(selBox);
  m_selection = new QLabel(tr("Click a point or a row to select an arch."));
  m_selection->setObjectName("searchSelection");
  m_selection->setWordWrap(true);
  m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_showSchedule = new QPushButton(tr("Show schedule"));
  m_export = new QPushButton(tr("Export subnet…"));
  m_export->setObjectName("exportSubnet");
  m_export->setToolTip(tr("Write the selected subnet's weights (from the trained supernet), "
                          "arch.json and layers.csv into a folder"));
  auto* selButtons = new QHBoxLayout;
  selButtons->addWidget(m_showSchedule);
  selButtons->addWidget(m_export);
  m_selectionKey = new QLineEdit;
  m_selectionKey->setObjectName("searchSelectionKey");
  m_selectionKey->setReadOnly(true);
  m_selectionKey->setVisible(false);
  sel->addWidget(m_selectionKey);
  sel->addWidget(m_selection);
  sel->addLayout(selButtons);

  auto* left = new QWidget;
  QVBoxLayout* l = jobColumnLayout(left, m_start, m_resume, m_cancel);
  l->addWidget(m_live);
  l->addWidget(m_predictor);
  l->addWidget(m_status);
  l->addWidget(settingsBox);
  l->addWidget(selBox);
  l->addStretch(1);

  connect(m_start, &QPushButton::clicked, this, [this] { start(); });
  connect(m_resume, &QPushButton::clicked, this, [this] { resume(); });
  connect(m_cancel, &QPushButton::clicked, this, [this] { cancel(); });
  connect(m_showSchedule, &QPushButton::clicked, this, [this] {
    const std::string& key = m_document->project().results.selected;
    if (!key.empty()) emit scheduleRequested(QString::fromStdString(key));
  });
  connect(m_export, &QPushButton::clicked, this, [this] {
    if (!subnetExportProblem(m_document->project()).isEmpty()) {
      exportSelectedSubnet(QString());  // explains why
      return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the subnet into"), m_document->dialogPath());
    if (!dir.isEmpty()) exportSelectedSubnet(dir);
  });

  return scrollableColumn(left, 300);
}

QWidget* SearchPage::buildPlotArea() {
  m_xCombo = metricCombo(false);
  m_yCombo = metricCombo(false);
  m_colourCombo = metricCombo(true);
  m_xCombo->setObjectName("paretoX");
  m_yCombo->setObjectName("paretoY");
  m_colourCombo->setObjectName("paretoColour");
  m_xCombo->setCurrentIndex(m_xCombo->findData("latency_ms"));
  m_yCombo->setCurrentIndex(m_yCombo->findData("energy_mj"));
  m_colourCombo->setCurrentIndex(m_colourCombo->findData("vit_mbconv_ratio"));
  auto* view = new QToolButton;
  view->setObjectName("paretoView");
  view->setText(tr("View"));
  view->setToolTip(tr("Reset view, zoom to the front or to the archs within budget, log scales "
                      "(also on the plot's right-click menu)"));
  view->setPopupMode(QToolButton::InstantPopup);
  auto* viewMenu = new QMenu(view);
  viewMenu->addActions(m_plot->viewActions());
  view->setMenu(viewMenu);
  auto* clearRuns = new QPushButton(tr("Clear earlier runs"));
  auto* savePlot = new QPushButton(tr("Save plot…"));
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("X")));
  bar->addWidget(m_xCombo);
  bar->addWidget(new QLabel(tr("Y")));
  bar->addWidget(m_yCombo);
  bar->addWidget(new QLabel(tr("Colour")));
  bar->addWidget(m_colourCombo);
  bar->addStretch(1);
  bar->addWidget(view);
  bar->addWidget(clearRuns);
  bar->addWidget(savePlot);

  m_filter = new QLineEdit;
  m_filter->setPlaceholderText(tr("Filter by arch key…"));
  m_filter->setClearButtonEnabled(true);
  m_filter->setObjectName("paretoKeyFilter");
  m_showCombo = new QComboBox;
  m_showCombo->setObjectName("paretoShow");
  m_showCombo->addItem(tr("All archs"), int(ParetoFilterProxy::Show::All));
  m_showCombo->addItem(tr("Within budget"), int(ParetoFilterProxy::Show::Feasible));
  m_showCombo->addItem(tr("Front only"), int(ParetoFilterProxy::Show::Front));
  auto* filterRow = new QHBoxLayout;
  filterRow->addWidget(m_filter, 1);
  filterRow->addWidget(m_showCombo);

  m_table->setObjectName("paretoTable");
  m_table->setModel(m_proxy);
  m_table->setSortingEnabled(true);
  m_table->sortByColumn(ParetoTableModel::ColStatus, Qt::AscendingOrder);
  setUpRecordTable(m_table);
  m_table->setColumnWidth(ParetoTableModel::ColStatus, 84);
  m_table->setColumnWidth(ParetoTableModel::keyColumn(), 420);
  m_table->horizontalHeader()->setDefaultSectionSize(88);
  for (int c = ParetoTableModel::ColIdentical; c < ParetoTableModel::keyColumn(); ++c)  // headers never clip
    m_table->setColumnWidth(c, std::max(72, m_table->horizontalHeader()->sectionSizeHint(c) + 4));
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_table->setWordWrap(false);

  auto* tableBox = new QWidget;
  auto* tl = new QVBoxLayout(tableBox);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->addLayout(filterRow);
  tl->addWidget(m_table);

  // Under the Pareto plot: the search's progress and the parallel coordinates.
  m_views = new QTabWidget;
  m_views->setObjectName("searchViews");
  m_views->addTab(m_history, tr("Hypervolume per generation"));
  m_views->addTab(m_parallel, tr("Parallel coordinates"));
  m_views->setDocumentMode(true);
  auto* plots = new QSplitter(Qt::Vertical);
  plots->addWidget(m_plot);
  plots->addWidget(m_views);
  plots->setStretchFactor(0, 3);
  plots->setStretchFactor(1, 1);
  plots->setSizes({520, 220});
  plots->setChildrenCollapsible(false);

  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(plots);
  split->addWidget(tableBox);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({600, 420});

  auto* area = new QWidget;
  auto* al = new QVBoxLayout(area);
  al->setContentsMargins(0, 0, 0, 0);
  al->addLayout(bar);
  al->addWidget(split, 1);

  for (QComboBox* c : {m_xCombo, m_yCombo, m_colourCombo})
    connect(c, &QComboBox::currentIndexChanged, this, &SearchPage::updateAxesFromCombos);
  connect(m_parallel, &ParallelCoordsView::archClicked, this, &SearchPage::selectArch);
  connect(m_views, &QTabWidget::currentChanged, this, [this] { scheduleRedraw(); });
  connect(clearRuns, &QPushButton::clicked, this, [this] {
    m_previous.clear();
    scheduleRedraw();
  });
  connect(savePlot, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the Pareto plot"),
                                                      m_document->dialogPath("pareto.png"),
                                                      tr("PNG image (*.png);;PDF (*.pdf)"));
    if (path.isEmpty()) return;
    const bool ok = path.endsWith(".pdf", Qt::CaseInsensitive) ? m_plot->plot()->savePdf(path)
                                                                : m_plot->plot()->savePng(path);
    setStatus(ok ? tr("Saved %1").arg(path) : tr("Cannot write %1").arg(path), !ok);
  });
  // A filter hides rows, never changes the selection: when the current row goes, the
  // table moves its current index to a neighbour, which must not select that arch.
  auto filtered = [this](const std::function<void()>& change) {
    m_syncing = true;
    change();
    m_syncing = false;
    syncSelection();
  };
  connect(m_filter, &QLineEdit::textChanged, this,
          [this, filtered](const QString& text) { filtered([&] { m_proxy->setKeyFilter(text); }); });
  connect(m_showCombo, &QComboBox::currentIndexChanged, this, [this, filtered] {
    filtered([this] { m_proxy->setShow(static_cast<ParetoFilterProxy::Show>(m_showCombo->currentData().toInt())); });
  });
  connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            if (m_syncing || !current.isValid()) return;
            selectArch(current.data(ParetoTableModel::KeyRole).toString());
          });
  connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    emit scheduleRequested(index.data(ParetoTableModel::KeyRole).toString());
  });
  updateAxesFromCombos();
  return area;
}

void SearchPage::updateAxesFromCombos() {
  m_plot->setAxes(paretoMetricIndex(m_xCombo->currentData().toString().toStdString()),
                  paretoMetricIndex(m_yCombo->currentData().toString().toStdString()),
                  paretoMetricIndex(m_colourCombo->currentData().toString().toStdString()));
  scheduleRedraw();
}

void SearchPage::setAxes(const QString& x, const QString& y, const QString& colour) {
  auto pick = [](QComboBox* c, const QString& key) {
    const int i = c->findData(key);
    if (i >= 0) c->setCurrentIndex(i);
  };
  pick(m_xCombo, x);
  pick(m_yCombo, y);
  pick(m_colourCombo, colour);
  updateAxesFromCombos();
}

}  // namespace h4h::ui
