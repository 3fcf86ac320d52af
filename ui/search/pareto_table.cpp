#include "ui/search/pareto_table.h"

#include <QBrush>
#include <QColor>
#include <cmath>

#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {
int statusRank(const ParetoPoint& p) {
  if (p.failed) return 3;
  if (!p.feasible) return 2;
  return p.onFront ? 0 : 1;
}

QString statusText(const ParetoPoint& p) {
  switch (statusRank(p)) {
    case 0: return QObject::tr("front");
    case 1: return QObject::tr("dominated");
    case 2: return QObject::tr("over budget");
    default: return QObject::tr("failed");
  }
}
}  // namespace

ParetoTableModel::ParetoTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ParetoTableModel::setPoints(const ParetoPointSet* points) {
  beginResetModel();
  m_points = points;
  m_rows = points ? points->size() : 0;
  endResetModel();
}

void ParetoTableModel::pointsAppended() {
  const int n = m_points ? m_points->size() : 0;
  if (n < m_rows) {
    pointsReset();
    return;
  }
  if (n == m_rows) return;
  beginInsertRows(QModelIndex(), m_rows, n - 1);
  m_rows = n;
  endInsertRows();
}

void ParetoTableModel::rowsChanged(const std::vector<int>& rows) {
  for (int r : rows)
    if (r >= 0 && r < m_rows) emit dataChanged(index(r, 0), index(r, columnCount() - 1));
}

void ParetoTableModel::pointsReset() {
  beginResetModel();
  m_rows = m_points ? m_points->size() : 0;
  endResetModel();
}

void ParetoTableModel::setStale(bool stale) {
  if (stale == m_stale) return;
  m_stale = stale;
  if (m_rows > 0) emit dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1), {Qt::ForegroundRole});
}

int ParetoTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : m_rows;
}

int ParetoTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : keyColumn() + 1;
}

QVariant ParetoTableModel::data(const QModelIndex& index, int role) const {
  if (!m_points || !index.isValid() || index.row() >= m_rows) return {};
  const ParetoPoint& p = m_points->at(index.row());
  const int col = index.column();
  if (role == KeyRole) return QString::fromStdString(p.key);
  if (role == Qt::ForegroundRole && m_stale) return QBrush(mutedColor());
  if (col == ColStatus) {
    if (role == Qt::DisplayRole) return statusText(p);
    if (role == SortRole) return statusRank(p);
    if (role == Qt::ForegroundRole && statusRank(p) >= 2) return QBrush(mutedColor().darker(140));
    if (role == Qt::FontRole && p.onFront) {
      QFont f;
      f.setBold(true);
      return f;
    }
    if (role == Qt::ToolTipRole && p.failed) return QString::fromStdString(p.error);
    return {};
  }
  if (col == ColIdentical) {
    const int n = m_points->identicalCount(index.row());
    if (role == SortRole) return n;
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (n < 2) return role == Qt::DisplayRole ? QVariant(QString()) : QVariant();
    if (role == Qt::DisplayRole) return tr("%n archs", "", n);
    if (role == Qt::ToolTipRole) {
      QStringList keys;
      for (int i : m_points->identical(index.row()))
        if (i != index.row() && keys.size() < 8) keys << QString::fromStdString(m_points->at(i).key);
      return tr("%n archs with exactly these objective values; the others:", "", n) + "\n" + keys.join("\n") +
             (n - 1 > keys.size() ? "\n…" : "");
    }
    return {};
  }
  if (col == keyColumn()) {
    if (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole)
      return QString::fromStdString(p.key);
    return {};
  }
  const int metric = metricOfColumn(col);
  const double v = p.values[static_cast<std::size_t>(metric)];
  if (role == Qt::DisplayRole) return formatPointMetric(p, metric);
  if (role == SortRole) return v;
  if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ForegroundRole && !p.feasible) return QBrush(mutedColor().darker(140));
  static const int accuracy = paretoMetricIndex("accuracy");
  if (metric == accuracy) {  // an estimate reads as one: italic, and says so
    if (role == Qt::ToolTipRole) return accuracySourceText(p);
    if (role == Qt::FontRole && p.accuracyPredicted) {
      QFont f;
      f.setItalic(true);
      return f;
    }
  }
  return {};
}

QVariant ParetoTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::DisplayRole) {
    if (section == ColStatus) return tr("Status");
    if (section == ColIdentical) return tr("Identical");
    if (section == keyColumn()) return tr("Arch key");
    // The unit on a line of its own: the header stays narrow and never clips its text.
    const ParetoMetricInfo& m = paretoMetrics()[static_cast<std::size_t>(metricOfColumn(section))];
    const QString unit = QString::fromLatin1(m.unit);
    QString label = QString::fromLatin1(m.label);
    if (!unit.isEmpty() && unit != "x") return QString("%1\n(%2)").arg(label, unit);
    const int middle = label.size() > 14 ? label.lastIndexOf(' ', label.size() / 2 + 2) : -1;
    if (middle > 0) label[middle] = '\n';  // a long unitless title on two lines
    return label;
  }
  if (role == Qt::ToolTipRole && section == ColIdentical)
    return tr("How many archs have exactly the same objective values (the plot draws them as one point)");
  if (role == Qt::ToolTipRole && metricOfColumn(section) >= 0) {
    const auto& m = paretoMetrics()[static_cast<std::size_t>(metricOfColumn(section))];
    return tr("%1 — %2 is better").arg(QString::fromLatin1(m.key), m.maximised ? tr("higher") : tr("lower"));
  }
  return {};
}

ParetoFilterProxy::ParetoFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(ParetoTableModel::SortRole);
  setDynamicSortFilter(true);
}

void ParetoFilterProxy::setKeyFilter(const QString& text) {
  m_text = text.trimmed();
  invalidateFilter();
}

void ParetoFilterProxy::setShow(Show show) {
  m_show = show;
  invalidateFilter();
}

bool ParetoFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QAbstractItemModel* m = sourceModel();
  if (m_show != Show::All) {
    const int rank = m->data(m->index(sourceRow, ParetoTableModel::ColStatus, sourceParent),
                             ParetoTableModel::SortRole).toInt();
    if (m_show == Show::Front && rank != 0) return false;
    if (m_show == Show::Feasible && rank > 1) return false;
  }
  if (m_text.isEmpty()) return true;
  const QString key =
      m->data(m->index(sourceRow, ParetoTableModel::keyColumn(), sourceParent), ParetoTableModel::KeyRole).toString();
  return key.contains(m_text, Qt::CaseInsensitive);
}

bool ParetoFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const QVariant a = left.data(ParetoTableModel::SortRole), b = right.data(ParetoTableModel::SortRole);
  if (a.typeId() == QMetaType::Double || b.typeId() == QMetaType::Double) {
    const double x = a.toDouble(), y = b.toDouble();
    // NaN last in ascending order.
    if (std::isnan(x)) return false;
    if (std::isnan(y)) return true;
    return x < y;
  }
  if (a.typeId() == QMetaType::Int) return a.toInt() < b.toInt();
  return QString::compare(a.toString(), b.toString()) < 0;
}

}  // namespace h4h::ui
