#include "ui/studies/study_table_model.h"

#include <cmath>

namespace h4h::ui {

namespace {

bool sameColumns(const StudyTable& a, const StudyTable& b) {
  if (a.name != b.name || a.columns.size() != b.columns.size()) return false;
  for (std::size_t c = 0; c < a.columns.size(); ++c)
    if (a.columns[c].name != b.columns[c].name || a.columns[c].unit != b.columns[c].unit) return false;
  return true;
}

/// Equal cells, NaN equal to NaN (an infeasible cell stays one).
bool sameCell(const StudyCell& a, const StudyCell& b) {
  const auto* x = std::get_if<double>(&a);
  const auto* y = std::get_if<double>(&b);
  if (x && y) return *x == *y || (std::isnan(*x) && std::isnan(*y));
  return a == b;
}

bool sameRow(const std::vector<StudyCell>& a, const std::vector<StudyCell>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!sameCell(a[i], b[i])) return false;
  return true;
}

/// The rows `shown` has are the first rows of `next` (a study publishes rows in order).
bool extends(const StudyTable& shown, const StudyTable& next) {
  if (!sameColumns(shown, next) || next.rows.size() < shown.rows.size()) return false;
  for (std::size_t r = 0; r < shown.rows.size(); ++r)
    if (!sameRow(shown.rows[r], next.rows[r])) return false;
  return true;
}

}  // namespace

QString formatStudyCell(const StudyCell& cell, const std::string& unit) {
  if (const auto* text = std::get_if<std::string>(&cell)) return QString::fromStdString(*text);
  const double v = std::get<double>(cell);
  if (!std::isfinite(v)) return QStringLiteral("—");
  if (unit == "%") return QString::number(v, 'f', 1);
  if (unit == "x") return QString::number(v, 'f', 2);
  if (unit.empty() && v == std::round(v) && std::fabs(v) < 1e15) return QString::number(v, 'f', 0);
  return QString::number(v, 'f', 3);
}

StudyTableModel::StudyTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void StudyTableModel::setTable(const StudyTable& table) {
  if (extends(m_table, table)) {
    const std::size_t before = m_table.rows.size();
    m_table.title = table.title;
    m_table.notes = table.notes;
    if (table.rows.size() == before) return;
    beginInsertRows({}, int(before), int(table.rows.size()) - 1);
    m_table.rows.insert(m_table.rows.end(), table.rows.begin() + std::ptrdiff_t(before), table.rows.end());
    endInsertRows();
    return;
  }
  beginResetModel();
  m_table = table;
  endResetModel();
}

void StudyTableModel::clear() {
  beginResetModel();
  m_table = StudyTable();
  endResetModel();
}

int StudyTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(m_table.rows.size());
}

int StudyTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(m_table.columns.size());
}

QVariant StudyTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
  const auto& row = m_table.rows[std::size_t(index.row())];
  if (std::size_t(index.column()) >= row.size()) return {};
  const StudyCell& cell = row[std::size_t(index.column())];
  const std::string& unit = m_table.columns[std::size_t(index.column())].unit;
  const bool number = std::holds_alternative<double>(cell);
  switch (role) {
    case Qt::DisplayRole: return formatStudyCell(cell, unit);
    case Qt::TextAlignmentRole:
      return QVariant::fromValue(Qt::Alignment(number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case Qt::ToolTipRole:
      if (!number) return formatStudyCell(cell, unit);
      if (!std::isfinite(std::get<double>(cell))) return tr("not applicable (infeasible or not measured)");
      return QString::number(std::get<double>(cell), 'g', 10) + (unit.empty() ? QString() : " " + QString::fromStdString(unit));
    default: return {};
  }
}

QVariant StudyTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) return {};
  const StudyColumn& c = m_table.columns[std::size_t(section)];
  if (role == Qt::DisplayRole)
    return QString::fromStdString(c.unit.empty() ? c.name : c.name + " [" + c.unit + "]");
  if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::Alignment(Qt::AlignCenter));
  return {};
}

}  // namespace h4h::ui
