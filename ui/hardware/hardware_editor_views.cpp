#include "ui/hardware/hardware_editor_views.h"

#include <QHeaderView>
#include <QLabel>
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
/// Sorts by the number in Qt::UserRole instead of the shown text.
class NumericItem : public QTableWidgetItem {
public:
  NumericItem(const QString& text, double key) : QTableWidgetItem(text) { setData(Qt::UserRole, key); }
  bool operator<(const QTableWidgetItem& other) const override {
    return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
  }
};
}  // namespace

// ---------------------------------------------------------------- profile table

void ProfileTableModel::setProfile(std::vector<Layer> layers, NetworkProfile profile) {
  beginResetModel();
  m_layers = std::move(layers);
  m_profile = std::move(profile);
  endResetModel();
}

int ProfileTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(std::min(m_layers.size(), m_profile.size()));
}

int ProfileTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProfileTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Layer& layer = m_layers[static_cast<std::size_t>(index.row())];
  const LayerProfile& p = m_profile[static_cast<std::size_t>(index.row())];
  if (role == Qt::TextAlignmentRole) {
    if (index.column() == Block || index.column() == Kind || index.column() == Source)
      return int(Qt::AlignLeft | Qt::AlignVCenter);
    return int(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role == Qt::DecorationRole && index.column() == Kind) return layerKindColor(layer.kind);
  if (role == Qt::ToolTipRole && (index.column() == CimLatency || index.column() == CimEnergy) &&
      !p.cim.supported)
    return QString::fromUtf8(unsupportedReasonText(p.cim.unsupportedReason));
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Id: return layer.id;
    case Block: return QString::fromStdString(layer.block);
    case Kind: return QString::fromUtf8(layerKindName(layer.kind));
    case Macs: return formatCount(double(layer.macs));
    case NpuLatency: return formatNs(p.npu.latencyNs);
    case NpuEnergy: return formatNj(p.npu.energyNj);
    case NpuUtil: return QString::number(p.npu.utilization * 100.0, 'f', 1) + " %";
    case CimLatency: return p.cim.supported ? formatNs(p.cim.latencyNs) : tr("unsupported");
    case CimEnergy: return p.cim.supported ? formatNj(p.cim.energyNj) : QStringLiteral("—");
    case Source: {
      const bool npuM = p.npu.source == CostSource::Measured;
      const bool cimM = p.cim.source == CostSource::Measured;
      if (npuM && cimM) return tr("measured");
      if (npuM) return tr("measured (NPU)");
      if (cimM) return tr("measured (CIM)");
      return tr("model");
    }
    default: return {};
  }
}

QVariant ProfileTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Id: return tr("#");
    case Block: return tr("Block");
    case Kind: return tr("Kind");
    case Macs: return tr("MACs");
    case NpuLatency: return tr("NPU latency");
    case NpuEnergy: return tr("NPU energy");
    case NpuUtil: return tr("NPU util.");
    case CimLatency: return tr("CIM latency");
    case CimEnergy: return tr("CIM energy");
    case Source: return tr("Source");
    default: return {};
  }
}

// ---------------------------------------------------------- measured vs model

MeasuredVsModelView::MeasuredVsModelView(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot), m_summary(new QLabel), m_table(new QTableWidget) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  m_summary->setWordWrap(true);
  m_summary->setObjectName("measuredSummary");
  layout->addWidget(m_summary);
  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(m_plot);
  split->addWidget(m_table);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);

  m_plot->setObjectName("measuredPlot");
  m_plot->setMinimumHeight(220);
  stylePlot(m_plot);
  setPlotTitle(m_plot, tr("Measured vs model latency per layer"));
  setLogAxis(m_plot->xAxis);
  setLogAxis(m_plot->yAxis);
  m_plot->xAxis->setLabel(tr("model latency (µs)"));
  m_plot->yAxis->setLabel(tr("measured latency (µs)"));
  const struct { QString name; QColor color; QCPScatterStyle::ScatterShape shape; } series[] = {
      {tr("NPU rows"), npuColor(), QCPScatterStyle::ssCircle},
      {tr("CIM rows"), cimColor(), QCPScatterStyle::ssTriangle}};
  for (const auto& s : series) {
    QCPGraph* g = m_plot->addGraph();
    g->setName(s.name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(s.shape, s.color, s.color.lighter(150), 8));
  }
  addIdentityLine(m_plot);
  m_plot->legend->setVisible(true);
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

  m_table->setObjectName("measuredTable");
  m_table->setColumnCount(7);
  m_table->setHorizontalHeaderLabels({tr("Line"), tr("Layer signature"), tr("Device"),
                                      tr("Found in"), tr("Measured"), tr("Model"), tr("Error")});
  m_table->verticalHeader()->setVisible(false);
  m_table->verticalHeader()->setDefaultSectionSize(22);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  m_table->setSortingEnabled(true);
  setComparison({});
}

int MeasuredVsModelView::plottedPoints() const {
  return m_plot->graph(0)->dataCount() + m_plot->graph(1)->dataCount();
}

QString MeasuredVsModelView::summaryText() const { return m_summary->text(); }

void MeasuredVsModelView::setComparison(std::vector<MeasuredComparison> rows) {
  m_rows = std::move(rows);
  QVector<double> x[2], y[2];
  double lo = 1e300, hi = 0.0;
  int matched = 0;
  double sumAbs = 0.0, worst = -1.0;
  int worstLine = 0, compared = 0;
  for (const MeasuredComparison& r : m_rows) {
    if (!r.matched) continue;
    ++matched;
    if (!r.modelSupported || r.modelNs <= 0.0) continue;
    const int g = r.device == MeasuredDevice::Npu ? 0 : 1;
    x[g] << r.modelNs / 1e3;
    y[g] << r.measuredNs / 1e3;
    lo = std::min({lo, r.modelNs / 1e3, r.measuredNs / 1e3});
    hi = std::max({hi, r.modelNs / 1e3, r.measuredNs / 1e3});
    ++compared;
    sumAbs += std::fabs(r.errorPercent);
    if (std::fabs(r.errorPercent) > worst) {
      worst = std::fabs(r.errorPercent);
      worstLine = r.line;
    }
  }
  for (int g = 0; g < 2; ++g) m_plot->graph(g)->setData(x[g], y[g]);
  if (hi > 0.0) {
    m_plot->xAxis->setRange(lo / 2.0, hi * 2.0);
    m_plot->yAxis->setRange(lo / 2.0, hi * 2.0);
  } else {
    m_plot->xAxis->setRange(0.1, 1000);
    m_plot->yAxis->setRange(0.1, 1000);
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);

  if (m_rows.empty()) {
    m_summary->setText(tr("No measured table imported. Import a CSV (%1) to compare the "
                          "model with measurements.")
                           .arg(QString::fromUtf8(measuredTableHeader()).replace(',', ", ")));
  } else {
    QString text = tr("%1 rows, %2 matched a layer of the space, %3 compared")
                       .arg(m_rows.size()).arg(matched).arg(compared);
    if (compared > 0)
      text += tr("; mean |error| %1 %, worst %2 % (line %3)")
                  .arg(sumAbs / compared, 0, 'f', 1)
                  .arg(worst, 0, 'f', 1)
                  .arg(worstLine);
    if (matched < int(m_rows.size()))
      text += tr(". Rows not found in the space are listed without a model value.");
    m_summary->setText(text);
  }

  m_table->setSortingEnabled(false);
  m_table->setRowCount(int(m_rows.size()));
  for (int i = 0; i < int(m_rows.size()); ++i) {
    const MeasuredComparison& r = m_rows[std::size_t(i)];
    auto set = [&](int col, const QString& text, double sortKey = -1e300) {
      QTableWidgetItem* item = sortKey > -1e300 ? new NumericItem(text, sortKey)
                                                : new QTableWidgetItem(text);
      if (col >= 4) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      m_table->setItem(i, col, item);
      return item;
    };
    auto* line = new QTableWidgetItem;
    line->setData(Qt::DisplayRole, r.line);
    m_table->setItem(i, 0, line);
    set(1, r.signature)->setForeground(layerKindColor(r.kind).darker(140));
    set(2, QString::fromUtf8(measuredDeviceName(r.device)).toUpper());
    set(3, r.matched ? r.block : tr("not in this space"));
    set(4, formatNs(r.measuredNs), r.measuredNs);
    if (!r.matched) {
      set(5, QStringLiteral("—"), -1.0);
      set(6, QStringLiteral("—"), -1.0);
    } else if (!r.modelSupported) {
      set(5, tr("unsupported"), -1.0);
      set(6, QStringLiteral("—"), -1.0);
    } else {
      set(5, formatNs(r.modelNs), r.modelNs);
      QTableWidgetItem* err =
          set(6, QString::number(r.errorPercent, 'f', 1) + " %", std::fabs(r.errorPercent));
      if (std::fabs(r.errorPercent) > 25.0) err->setForeground(QColor(180, 20, 20));
    }
  }
  m_table->resizeColumnToContents(0);
  m_table->setSortingEnabled(true);
}

}  // namespace h4h::ui
