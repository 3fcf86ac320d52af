#pragma once
// The studies stored in the project (results.studies), newest first: study, when, seeds,
// quick, status (the folder, first seed and time taken in the tooltip). Choosing one asks
// the page to read its folder back.

#include <QTreeWidget>

#include "study/study_record.h"

namespace h4h::ui {

class StudyHistoryList : public QTreeWidget {
  Q_OBJECT
public:
  explicit StudyHistoryList(QWidget* parent = nullptr);

  /// Lists `records` (results.studies, oldest first), keeping the chosen one chosen.
  void setRecords(const StudyRecords& records);
  /// The index in results.studies of the chosen row; -1 when none.
  int chosenIndex() const;
  /// Chooses the row of results.studies[index] (no signal); -1 clears the choice.
  void choose(int index);

signals:
  /// The user chose results.studies[index].
  void recordChosen(int index);
};

}  // namespace h4h::ui
