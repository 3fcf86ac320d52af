#include "ui/hardware/vela_calibration_view.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "ui/common/plot_style.h"
#include "ui/common/units.h"

namespace h4h::ui {

namespace {

const char* kRefusedStyle = "color: rgb(180, 20, 20);";

enum Column { LayerCol, KindCol, VelaLineCol, VelaOpCol, MacsCol, ComputeModel, ComputeVela, ComputeRatio,
              MemoryModel, MemoryVela, MemoryRatio, TotalModel, TotalVela, TotalRatio, NoteCol, ColumnCount };

QStringList errorLines(const std::exception& e) {
  return QString::fromUtf8(e.what()).split('\n', Qt::SkipEmptyParts);
}

QString ratioText(double r) { return std::isnan(r) ? QStringLiteral("—") : QString::number(r, 'f', 2) + "×"; }

/// "median 1.02×, worst 2.31× (layer 5 s1.mb0)" or "no layer to compare".
QString statsText(const RatioStats& s, const CalibrationReport& report, const std::vector<Layer>& layers) {
  if (s.count == 0) return QObject::tr("no layer to compare");
  const Layer& worst = layers[std::size_t(report.rows[std::size_t(s.worstRow)].layer)];
  return QObject::tr("median %1, worst %2 (layer %3 %4)")
      .arg(ratioText(s.median), ratioText(s.worst))
      .arg(worst.id)
      .arg(QString::fromStdString(worst.block));
}

}  // namespace

VelaCalibrationView::VelaCalibrationView(QWidget* parent)
    : QWidget(parent), m_files(new QLabel), m_summaryLabel(new QLabel), m_errorList(new QListWidget),
      m_plot(new QCustomPlot), m_table(new QTableWidget) {
  setObjectName("velaCalibrationView");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* buttons = new QHBoxLayout;
  auto* perLayer = new QPushButton(tr("Load Vela per-layer CSV…"));
  auto* summary = new QPushButton(tr("Load summary CSV…"));
  auto* clearButton = new QPushButton(tr("Clear"));
  perLayer->setObjectName("velaLoadPerLayer");
  summary->setObjectName("velaLoadSummary");
  buttons->addWidget(perLayer);
  buttons->addWidget(summary);
  buttons->addWidget(clearButton);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  m_files->setWordWrap(true);
  m_files->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_files);
  m_errorList->setObjectName("velaLoadErrors");
  m_errorList->setStyleSheet(kRefusedStyle);
  m_errorList->setMaximumHeight(120);
  m_errorList->setVisible(false);
  layout->addWidget(m_errorList);
  m_summaryLabel->setObjectName("velaSummary");
  m_summaryLabel->setWordWrap(true);
  m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_summaryLabel);

  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(m_plot);
  split->addWidget(m_table);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  layout->addWidget(split, 1);

  m_plot->setObjectName("velaPlot");
  m_plot->setMinimumHeight(200);
  stylePlot(m_plot);
  setPlotTitle(m_plot, tr("Model vs Vela cycles per layer"));
  setLogAxis(m_plot->xAxis);
  setLogAxis(m_plot->yAxis);
  m_plot->xAxis->setLabel(tr("Vela (cycles)"));
  m_plot->yAxis->setLabel(tr("model (cycles)"));
  const struct { QString name; QColor color; QCPScatterStyle::ScatterShape shape; } series[] = {
      {tr("compute"), npuColor(), QCPScatterStyle::ssCircle},
      {tr("memory"), cimColor(), QCPScatterStyle::ssTriangle}};
  for (const auto& s : series) {
    QCPGraph* g = m_plot->addGraph();
    g->setName(s.name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(s.shape, s.color, s.color.lighter(150), 7));
  }
  addIdentityLine(m_plot);
  m_plot->legend->setVisible(true);
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

  m_table->setObjectName("velaTable");
  m_table->setColumnCount(ColumnCount);
  m_table->setHorizontalHeaderLabels({tr("Layer"), tr("Kind"), tr("Vela line"), tr("Vela operator"), tr("MACs"),
                                      tr("Compute model"), tr("Compute Vela"), tr("Ratio"), tr("Memory model"),
                                      tr("Memory Vela"), tr("Ratio"), tr("Total model"), tr("Total Vela"),
                                      tr("Ratio"), tr("Note")});
  m_table->verticalHeader()->setVisible(false);
  m_table->verticalHeader()->setDefaultSectionSize(22);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->horizontalHeader()->setStretchLastSection(true);

  connect(perLayer, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Vela per-layer CSV"), QString(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty()) loadPerLayer(path);
  });
  connect(summary, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Vela summary CSV"), QString(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty()) loadSummary(path);
  });
  connect(clearButton, &QPushButton::clicked, this, [this] { clear(); });
  recompare();
}

void VelaCalibrationView::setNetwork(std::vector<Layer> layers, const NpuConfig& npu, const QString& label) {
  m_layers = std::move(layers);
  m_npu = npu;
  m_networkLabel = label;
  recompare();
}

template <typename T, typename Load>
bool VelaCalibrationView::loadInto(std::optional<T>& slot, Load load) {
  try {
    slot = load();
  } catch (const std::exception& e) {
    showErrors(errorLines(e));
    return false;
  }
  showErrors({});
  recompare();
  return m_errors.isEmpty();
}

bool VelaCalibrationView::loadPerLayer(const QString& path) {
  return loadInto(m_perLayer, [&] { return loadVelaPerLayerCsv(path.toStdString()); });
}

bool VelaCalibrationView::loadSummary(const QString& path) {
  return loadInto(m_summary, [&] { return loadVelaSummaryCsv(path.toStdString()); });
}

void VelaCalibrationView::clear() {
  m_perLayer.reset();
  m_summary.reset();
  showErrors({});
  recompare();
}

void VelaCalibrationView::showErrors(const QStringList& errors) {
  m_errors = errors;
  m_errorList->clear();
  m_errorList->addItems(errors);
  m_errorList->setVisible(!errors.isEmpty());
}

QString VelaCalibrationView::summaryText() const { return m_summaryLabel->text(); }

int VelaCalibrationView::plottedPoints() const {
  return m_plot->graph(0)->dataCount() + m_plot->graph(1)->dataCount();
}

void VelaCalibrationView::recompare() {
  m_report = CalibrationReport{};
  QString files = m_perLayer ? tr("Per layer: <b>%1</b> (%2 rows)")
                                   .arg(QString::fromStdString(m_perLayer->source).toHtmlEscaped())
                                   .arg(m_perLayer->rows.size())
                             : tr("No Vela per-layer CSV loaded.");
  if (m_summary)
    files += tr("<br>Summary: <b>%1</b> (%2, %3, %4)")
                 .arg(QString::fromStdString(m_summary->source).toHtmlEscaped(),
                      QString::fromStdString(m_summary->acceleratorConfiguration).toHtmlEscaped(),
                      QString::fromStdString(m_summary->systemConfig).toHtmlEscaped(),
                      QString::fromStdString(m_summary->memoryMode).toHtmlEscaped());
  m_files->setText(files);
  if (!m_perLayer) {
    m_summaryLabel->setText(
        tr("Compare the NPU model with Arm Vela's estimate: run Vela with --verbose-performance on the "
           "network profiled here (choose a reference network such as MobileNetV2 in the per-layer "
           "profile) and load its <i>&lt;network&gt;_per-layer.csv</i>, and optionally its summary CSV."));
  } else {
    try {
      m_report = calibrateAgainstVela(m_layers, m_npu, *m_perLayer);
    } catch (const std::exception& e) {
      showErrors(errorLines(e));
    }
    const CalibrationReport& r = m_report;
    QString text = tr("<b>%1</b>: %2 of %3 layers matched to Vela rows, %4 compared (model / Vela)<br>"
                      "<b>compute</b> %5<br><b>memory</b> %6<br><b>total</b> %7")
                       .arg(m_networkLabel.toHtmlEscaped())
                       .arg(r.matchedLayers)
                       .arg(m_layers.size())
                       .arg(r.matchedLayers - r.macMismatches)
                       .arg(statsText(r.compute, r, m_layers).toHtmlEscaped(),
                            statsText(r.memory, r, m_layers).toHtmlEscaped(),
                            statsText(r.total, r, m_layers).toHtmlEscaped());
    if (r.unmatchedVelaRows + r.unmatchedLayers + r.macMismatches > 0)
      text += tr("<br>Not compared: %1 Vela rows without a layer, %2 layers without a Vela row, "
                 "%3 pairs whose MACs differ (listed in the table)")
                  .arg(r.unmatchedVelaRows)
                  .arg(r.unmatchedLayers)
                  .arg(r.macMismatches);
    if (m_summary) {
      const SummaryComparison cmp = compareVelaSummary(r, *m_summary, m_npu);
      for (const SummaryLine& line : cmp.lines) {
        if (line.what.rfind("latency", 0) != 0 && line.what.rfind("DRAM bytes", 0) != 0) continue;
        text += tr("<br>%1: model %2, Vela %3 (%4)")
                    .arg(QString::fromStdString(line.what))
                    .arg(line.model, 0, 'g', 4)
                    .arg(line.vela, 0, 'g', 4)
                    .arg(ratioText(line.vela > 0 ? line.model / line.vela : NAN));
      }
      for (const std::string& w : cmp.warnings)
        text += "<br><span style='color: rgb(180, 20, 20)'>" + QString::fromStdString(w).toHtmlEscaped() + "</span>";
    }
    m_summaryLabel->setText(text);
  }
  fillPlot();
  fillTable();
}

void VelaCalibrationView::fillPlot() {
  QVector<double> x[2], y[2];
  double lo = 1e300, hi = 0.0;
  for (const CalibrationRow& row : m_report.rows) {
    if (!row.compared()) continue;
    const double parts[2][2] = {{row.vela.compute, row.model.compute}, {row.vela.memory, row.model.memory}};
    for (int g = 0; g < 2; ++g) {
      if (!(parts[g][0] > 0.0) || !(parts[g][1] > 0.0)) continue;
      x[g] << parts[g][0];
      y[g] << parts[g][1];
      lo = std::min({lo, parts[g][0], parts[g][1]});
      hi = std::max({hi, parts[g][0], parts[g][1]});
    }
  }
  for (int g = 0; g < 2; ++g) m_plot->graph(g)->setData(x[g], y[g]);
  m_plot->xAxis->setRange(hi > 0 ? lo / 2 : 1, hi > 0 ? hi * 2 : 1e6);
  m_plot->yAxis->setRange(hi > 0 ? lo / 2 : 1, hi > 0 ? hi * 2 : 1e6);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void VelaCalibrationView::fillTable() {
  m_table->setRowCount(int(m_report.rows.size()));
  for (int i = 0; i < int(m_report.rows.size()); ++i) {
    const CalibrationRow& row = m_report.rows[std::size_t(i)];
    auto set = [&](int col, const QString& text) {
      auto* item = new QTableWidgetItem(text);
      if (col >= MacsCol && col != NoteCol) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      m_table->setItem(i, col, item);
      return item;
    };
    const bool haveLayer = row.layer >= 0, haveVela = !row.velaRows.empty();
    if (haveLayer) {
      const Layer& l = m_layers[std::size_t(row.layer)];
      set(LayerCol, QString("%1 %2").arg(l.id).arg(QString::fromStdString(l.block)));
      set(KindCol, QString::fromUtf8(layerKindName(l.kind)))->setForeground(layerKindColor(l.kind).darker(140));
    } else {
      set(LayerCol, QStringLiteral("—"));
      set(KindCol, QString());
    }
    QStringList lines, ops;
    for (int r : row.velaRows) {
      const VelaLayerRow& v = m_perLayer->rows[std::size_t(r)];
      lines << QString::number(v.line);
      ops << QString::fromStdString(v.sourceOperator + " / " + v.npuOperator);
    }
    set(VelaLineCol, haveVela ? lines.join(", ") : QStringLiteral("—"));
    set(VelaOpCol, haveVela ? ops.front() : QStringLiteral("—"))
        ->setToolTip(haveVela ? QString::fromStdString(m_perLayer->rows[std::size_t(row.velaRows.front())].name)
                              : QString());
    set(MacsCol, formatCount(double(haveLayer ? row.expectedVelaMacs : row.velaMacs)));
    const struct { double CycleParts::*part; int col; } parts[] = {
        {&CycleParts::compute, ComputeModel}, {&CycleParts::memory, MemoryModel}, {&CycleParts::total, TotalModel}};
    for (const auto& p : parts) {
      set(p.col, haveLayer ? QString::number(row.model.*(p.part), 'f', 0) : QStringLiteral("—"));
      set(p.col + 1, haveVela ? QString::number(row.vela.*(p.part), 'f', 0) : QStringLiteral("—"));
      const bool comparable = row.compared() && row.model.*(p.part) > 0 && row.vela.*(p.part) > 0;
      QTableWidgetItem* ratio =
          set(p.col + 2, ratioText(comparable ? row.model.*(p.part) / row.vela.*(p.part) : NAN));
      if (comparable && std::fabs(std::log(row.model.*(p.part) / row.vela.*(p.part))) > std::log(1.5))
        ratio->setForeground(QColor(180, 20, 20));
    }
    QString note;
    if (!haveLayer) note = tr("no layer of a matching kind: not compared");
    else if (!haveVela) note = tr("no Vela row: not compared");
    else if (!row.macsAgree) note = tr("MACs differ (Vela %1): not compared").arg(row.velaMacs);
    else if (row.velaRows.size() > 1) note = tr("split by Vela into %1 rows").arg(row.velaRows.size());
    QTableWidgetItem* noteItem = set(NoteCol, note);
    if (!row.compared()) noteItem->setForeground(QColor(180, 20, 20));
  }
  m_table->resizeColumnsToContents();
}

}  // namespace h4h::ui
