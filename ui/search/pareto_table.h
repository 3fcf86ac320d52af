#pragma once
// The table of evaluated archs beside the Pareto plot: one row per arch of the current
// run (status, key, every metric), sorted numerically by any column through the proxy,
// filtered by a key substring and by status (front only / feasible only).

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "ui/search/pareto_points.h"

namespace h4h::ui {

class ParetoTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  /// Columns: status, how many archs share its objective values, one per
  /// paretoMetrics(), then the arch key (long: last).
  enum Column { ColStatus = 0, ColIdentical = 1, ColFirstMetric = 2 };
  static int keyColumn() { return ColFirstMetric + static_cast<int>(paretoMetrics().size()); }
  /// Sort role: numbers (NaN sorts last), status as rank.
  static constexpr int SortRole = Qt::UserRole + 1;
  /// The arch key of a row.
  static constexpr int KeyRole = Qt::UserRole + 2;

  explicit ParetoTableModel(QObject* parent = nullptr);

  /// The set shown (not owned); call the notifiers below when it changes.
  void setPoints(const ParetoPointSet* points);
  /// Rows beyond the last known count were appended.
  void pointsAppended();
  /// These rows' values or status changed.
  void rowsChanged(const std::vector<int>& rows);
  void pointsReset();
  /// While the metrics are being re-measured (what-if): every row greyed.
  void setStale(bool stale);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  /// The metric of a column; -1 for status and key.
  static int metricOfColumn(int column) {
    return column >= ColFirstMetric && column < keyColumn() ? column - ColFirstMetric : -1;
  }

private:
  const ParetoPointSet* m_points = nullptr;
  int m_rows = 0;
  bool m_stale = false;
};

class ParetoFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
public:
  enum class Show { All, Feasible, Front };
  explicit ParetoFilterProxy(QObject* parent = nullptr);

  void setKeyFilter(const QString& text);
  void setShow(Show show);

protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
  QString m_text;
  Show m_show = Show::All;
};

}  // namespace h4h::ui
