#pragma once
// The Studies tab's settings: which study (from core's registry, with the question it
// answers), how many seeds and the first one, quick mode, the study's budget where it
// offers several (tpi), and where its folder goes
// (empty = the default `<project>.h4h.d/studies/<study>-<UTC time>`). These choose one
// run; they are not part of the project (the run's record stores them).

#include <QWidget>

#include "study/study_types.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace h4h::ui {

class StudySettingsForm : public QWidget {
  Q_OBJECT
public:
  explicit StudySettingsForm(QWidget* parent = nullptr);

  /// The settings chosen (study, seeds, quick, first seed, budget).
  StudySettings settings() const;
  /// Puts `settings` in the fields; false when its study is not in the registry.
  bool setSettings(const StudySettings& settings);
  /// The folder typed or browsed to; "" = the default.
  QString outputFolder() const;
  void setOutputFolder(const QString& dir);

  QComboBox* studyCombo() const { return m_study; }

private:
  void describeStudy();

  QComboBox* m_study;
  QLabel* m_description;
  QSpinBox* m_seeds;
  QSpinBox* m_firstSeed;
  QCheckBox* m_quick;
  QComboBox* m_budget;  ///< the study's budgets, its default first; disabled when it has none
  QLineEdit* m_out;
  QToolButton* m_browse;
};

}  // namespace h4h::ui
