#pragma once
// One study table (core/study/study_types.h) as a Qt table model: a column per study
// column headed "name [unit]", numbers right-aligned at a precision that suits their
// unit (the full value in the tooltip), NaN as "—". While a study runs the same table
// grows row by row: setTable() appends the new rows (the view keeps its scroll and
// selection) and resets only when the columns change.

#include <QAbstractTableModel>

#include "study/study_types.h"

namespace h4h::ui {

/// A cell as the Studies tab writes it: text as is, a number by its unit ("%" with one
/// decimal, "x" with two, counts without decimals, others with three significant
/// decimals), NaN as "—".
QString formatStudyCell(const StudyCell& cell, const std::string& unit);

class StudyTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  explicit StudyTableModel(QObject* parent = nullptr);

  /// Shows `table`: rows appended when it extends the one shown, else a reset.
  void setTable(const StudyTable& table);
  void clear();
  const StudyTable& table() const { return m_table; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
  StudyTable m_table;
};

}  // namespace h4h::ui
