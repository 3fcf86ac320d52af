#include "ui/space/space_editor_table.h"

#include <QBrush>
#include <QLineEdit>

#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"

namespace h4h::ui {

StageTableModel::StageTableModel(ProjectDocument* document, QObject* parent)
    : QAbstractTableModel(parent), m_document(document) {
  connect(document, &ProjectDocument::replaced, this, [this] {
    clearProblems();
    refresh();
  });
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "space") refresh();
  });
  refresh();
}

void StageTableModel::refresh() {
  const int rows = static_cast<int>(m_document->project().space.stages.size());
  if (rows != m_rows) {
    beginResetModel();
    m_rows = rows;
    m_problems.resize(rows);
    endResetModel();
    return;
  }
  if (rows > 0) emit dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
}

int StageTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : m_rows;
}

int StageTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kStageFieldCount + 1;
}

QVariant StageTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_rows) return {};
  const StageSpace& stage = m_document->project().space.stages[static_cast<std::size_t>(index.row())];
  if (index.column() == kProblemColumn) {
    const QString problem = m_problems.value(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) return problem;
    if (role == Qt::ForegroundRole) return QBrush(QColor(180, 20, 20));
    return {};
  }
  const auto field = static_cast<StageField>(index.column());
  if (field == StageField::Se) {
    if (role == Qt::CheckStateRole) return stage.se ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) return stageFieldToolTip(field);
    return {};
  }
  switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
      return stageFieldText(stage, field);
    case Qt::ToolTipRole:
      return stageFieldToolTip(field);
    case Qt::ForegroundRole:
      if (field == StageField::Size) return QBrush(QColor(90, 90, 90));
      if ((field == StageField::Heads || field == StageField::MlpRatios) &&
          stage.vitDepths == std::vector<int>{0})
        return QBrush(QColor(150, 150, 150));  // unused while the stage has no ViT layers
      return {};
    case Qt::BackgroundRole:
      if (!m_problems.value(index.row()).isEmpty() &&
          m_problems.value(index.row()).startsWith(stageFieldPath(index.row(), field)))
        return QBrush(QColor(255, 225, 225));
      return {};
    default:
      return {};
  }
}

QVariant StageTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Vertical) {
    if (role == Qt::DisplayRole) return QString::number(section + 1);
    return {};
  }
  if (section == kProblemColumn) {
    if (role == Qt::DisplayRole) return tr("Problem");
    return {};
  }
  const auto field = static_cast<StageField>(section);
  if (role == Qt::DisplayRole) return stageFieldTitle(field);
  if (role == Qt::ToolTipRole) return stageFieldToolTip(field);
  return {};
}

Qt::ItemFlags StageTableModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (index.column() == kProblemColumn || index.column() == int(StageField::Size)) return f;
  if (index.column() == int(StageField::Se)) return f | Qt::ItemIsUserCheckable;
  return f | Qt::ItemIsEditable;
}

bool StageTableModel::candidate(const QModelIndex& index, const QString& text, SearchSpace* out,
                                QString* error) const {
  SearchSpace space = m_document->project().space;
  if (!setStageField(space, index.row(), static_cast<StageField>(index.column()), text, error))
    return false;
  const QStringList problems = checkSpace(space);
  if (!problems.isEmpty()) {
    if (error) *error = problems.first();
    return false;
  }
  if (out) *out = std::move(space);
  return true;
}

bool StageTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || index.column() >= kStageFieldCount) return false;
  const auto field = static_cast<StageField>(index.column());
  QString text;
  if (field == StageField::Se) {
    if (role != Qt::CheckStateRole) return false;
    text = value.toInt() == Qt::Checked ? "yes" : "no";
  } else {
    if (role != Qt::EditRole) return false;
    text = value.toString();
  }
  SearchSpace space;
  QString error;
  if (!candidate(index, text, &space, &error)) {
    setRowProblem(index.row(), tr("Refused: %1").arg(error));
    emit refused(index.row(), error);
    return false;
  }
  setRowProblem(index.row(), QString());
  const StageSpace& stage = m_document->project().space.stages[static_cast<std::size_t>(index.row())];
  const QString label = stage.name.empty() ? QString::number(index.row() + 1)
                                           : QString::fromStdString(stage.name);
  pushSectionEdit(m_document, &Project::space, "space", std::move(space),
                  tr("Edit stage %1 %2").arg(label, stageFieldTitle(field).toLower()));
  return true;
}

QString StageTableModel::rowProblem(int row) const { return m_problems.value(row); }

void StageTableModel::setRowProblem(int row, const QString& problem) {
  if (row < 0 || row >= m_problems.size() || m_problems[row] == problem) return;
  m_problems[row] = problem;
  emit dataChanged(index(row, 0), index(row, kProblemColumn));
}

void StageTableModel::clearProblems() {
  for (int r = 0; r < m_problems.size(); ++r) setRowProblem(r, QString());
}

QWidget* StageCellDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                         const QModelIndex& index) const {
  QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
  if (auto* line = qobject_cast<QLineEdit*>(editor)) {
    const QPersistentModelIndex persistent(index);
    connect(line, &QLineEdit::textEdited, this,
            [this, persistent](const QString& text) { emit typing(persistent, text); });
    connect(line, &QObject::destroyed, this, [this] { emit editingEnded(); });
  }
  return editor;
}

}  // namespace h4h::ui
