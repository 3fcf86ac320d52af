#pragma once
// The settings of the project's `search` section as the Search tab edits them:
// algorithm, generations, population, seed, objectives, the scheduler's objective,
// CNN-only, the latency / energy budgets, and where accuracy comes from (the supernet,
// or the accuracy predictor with or without verification; the measurement's target
// standard error). Each change is validated by core's
// reader and applied as an undo command; a refused change shows its reason.

#include <QWidget>

#include "search/search_config.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace h4h {
/// Equality of search sections (the undo commands' no-op check; found by ADL).
bool sectionEquals(const SearchConfig& a, const SearchConfig& b);
}  // namespace h4h

namespace h4h::ui {

class ProjectDocument;

class SearchSettingsForm : public QWidget {
  Q_OBJECT
public:
  explicit SearchSettingsForm(ProjectDocument* document, QWidget* parent = nullptr);

  /// Validates and pushes `config` as the project's search section (undoable);
  /// false (project unchanged) with problem() set when refused.
  bool apply(const SearchConfig& config, const QString& text, const QString& mergeKey = {});
  QString problem() const;

private:
  void refresh();
  void commit(const QString& text, const QString& mergeKey);
  SearchConfig fromEditors() const;

  ProjectDocument* m_document;
  QComboBox* m_algorithm;
  QSpinBox* m_generations;
  QSpinBox* m_population;
  QSpinBox* m_seed;
  QList<QCheckBox*> m_objectives;
  QComboBox* m_scheduleObjective;
  QCheckBox* m_cnnOnly;
  QDoubleSpinBox* m_latencyBudget;
  QDoubleSpinBox* m_energyBudget;
  QComboBox* m_accuracySource;
  QSpinBox* m_verifyEvery;
  QDoubleSpinBox* m_accuracyStderr;  // in accuracy points (the section holds a fraction)
  QLabel* m_problem;
  bool m_refreshing = false;
};

}  // namespace h4h::ui
