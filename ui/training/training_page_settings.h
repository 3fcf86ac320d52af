#pragma once
// The settings column of the Training tab: the project's `training` section
// (recipe, epochs per phase, optimiser and sandwich settings) and the data settings
// training reads (dataset, batch size, limits). Each value is checked by core's
// reader before it is applied as an undo command; a refused value shows its reason
// beside the field. Epoch fields that the recipe does not use are disabled.

#include <QHash>
#include <QVariant>
#include <QWidget>

class QLabel;

namespace h4h::ui {

class ProjectDocument;

/// One editable setting; `path` is "training.<key>" or "data.<key>".
struct TrainingSetting {
  enum class Type { Int, Real, Bool, Choice, Text };
  QString path;
  QString label;
  Type type = Type::Int;
  double min = 0, max = 0;
  int decimals = 0;
  QString unit;
  QStringList choices;
  QString toolTip;
};
const std::vector<TrainingSetting>& trainingSettings();

class TrainingSettingsForm : public QWidget {
  Q_OBJECT
public:
  explicit TrainingSettingsForm(ProjectDocument* document, QWidget* parent = nullptr);

  /// Applies one setting as its editor does; false (project unchanged) when refused.
  bool applySetting(const QString& path, const QVariant& value);
  QString settingProblem(const QString& path) const;
  /// The editor of a setting (for tests and focus).
  QWidget* editor(const QString& path) const;

private:
  struct Row {
    const TrainingSetting* setting = nullptr;
    QWidget* editor = nullptr;
    QLabel* problem = nullptr;
  };
  QWidget* makeEditor(const TrainingSetting& setting);
  void refresh();

  ProjectDocument* m_document;
  QHash<QString, Row> m_rows;
  bool m_refreshing = false;
};

}  // namespace h4h::ui
