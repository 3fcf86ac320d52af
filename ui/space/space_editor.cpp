#include "ui/space/space_editor.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/project/project_document.h"
#include "ui/project/section_commands.h"
#include "ui/space/space_editor_table.h"

namespace h4h::ui {

namespace {

const char* kRefusedStyle = "color: rgb(180, 20, 20);";
const char* kPreviewStyle = "color: rgb(170, 100, 0);";

QLabel* problemLabel() {
  auto* label = new QLabel;
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setVisible(false);
  return label;
}

}  // namespace

SpaceEditor::~SpaceEditor() {
  // The child fields outlive this part of the object (QWidget deletes them later), and
  // closing the window moves the focus, so a spin box emits editingFinished into a
  // half-destroyed editor (UBSan: member call on a non-SpaceEditor). Cut them off first.
  for (QObject* child : findChildren<QObject*>()) disconnect(child, nullptr, this, nullptr);
}

SpaceEditor::SpaceEditor(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_stageModel(new StageTableModel(document, this)),
      m_delegate(new StageCellDelegate(this)) {
  setObjectName("SpaceEditor");
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(8, 8, 8, 8);

  m_stats = new QLabel;
  m_stats->setObjectName("spaceStats");
  m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont bold = m_stats->font();
  bold.setBold(true);
  m_stats->setFont(bold);
  m_preview = new QLabel;
  m_preview->setObjectName("spacePreview");
  m_preview->setWordWrap(true);
  m_preview->setStyleSheet(kPreviewStyle);
  m_preview->setVisible(false);
  outer->addWidget(m_stats);
  outer->addWidget(m_preview);

  auto* top = new QHBoxLayout;
  top->addWidget(buildNetworkGroup(), 3);
  top->addWidget(buildStemGroup(), 2);
  top->addWidget(buildHeadGroup(), 2);
  outer->addLayout(top);
  outer->addWidget(buildStageGroup(), 1);

  connect(document, &ProjectDocument::replaced, this, &SpaceEditor::refresh);
  connect(document, &ProjectDocument::changed, this, [this](const QString& section) {
    if (section == "space") refresh();
  });
  refresh();
}

QWidget* SpaceEditor::buildNetworkGroup() {
  auto* box = new QGroupBox(tr("Network"));
  auto* grid = new QGridLayout(box);
  int row = 0;
  addFieldRow(grid, row, SpaceField::InputChannels, tr("Input channels"),
              intField(SpaceField::InputChannels, 1, 1024));
  row += 2;
  addFieldRow(grid, row, SpaceField::Classes, tr("Classes"),
              intField(SpaceField::Classes, 2, 1000000));
  row += 2;
  addFieldRow(grid, row, SpaceField::TrainResolutions, tr("Train resolutions"),
              listField(SpaceField::TrainResolutions, tr("e.g. 192, 224")));
  row += 2;
  addFieldRow(grid, row, SpaceField::DeployAt, tr("Cost subnets at"),
              comboField(SpaceField::DeployAt, {"subnet", "fixed"}));
  row += 2;
  addFieldRow(grid, row, SpaceField::DeployResolution, tr("Fixed deploy resolution"),
              intField(SpaceField::DeployResolution, 1, 8192, tr(" px")));
  row += 2;
  addFieldRow(grid, row, SpaceField::Activation, tr("Activation"),
              comboField(SpaceField::Activation, {"swish", "relu6"}));
  grid->setRowStretch(row + 2, 1);
  grid->setColumnStretch(1, 1);
  return box;
}

QWidget* SpaceEditor::buildStemGroup() {
  auto* box = new QGroupBox(tr("Stem (k×k conv)"));
  auto* grid = new QGridLayout(box);
  addFieldRow(grid, 0, SpaceField::StemWidths, tr("Widths"),
              listField(SpaceField::StemWidths, tr("e.g. 16, 24")));
  addFieldRow(grid, 2, SpaceField::StemKernel, tr("Kernel"),
              intField(SpaceField::StemKernel, 1, 15, {}, {}, 2));
  addFieldRow(grid, 4, SpaceField::StemStride, tr("Stride"),
              comboField(SpaceField::StemStride, {"1", "2"}));
  grid->setRowStretch(6, 1);
  grid->setColumnStretch(1, 1);
  return box;
}

QWidget* SpaceEditor::buildHeadGroup() {
  auto* box = new QGroupBox(tr("Head"));
  auto* grid = new QGridLayout(box);
  addFieldRow(grid, 0, SpaceField::HeadConvWidths, tr("Conv widths"),
              listField(SpaceField::HeadConvWidths, tr("none: use expand")));
  addFieldRow(grid, 2, SpaceField::HeadConvExpand, tr("Conv expand"),
              intField(SpaceField::HeadConvExpand, 0, 32, tr(" × last width"), tr("off")));
  addFieldRow(grid, 4, SpaceField::HeadFeatureWidths, tr("Feature widths"),
              listField(SpaceField::HeadFeatureWidths, tr("none")));
  grid->setRowStretch(6, 1);
  grid->setColumnStretch(1, 1);
  return box;
}

QWidget* SpaceEditor::buildStageGroup() {
  auto* box = new QGroupBox(tr("Stages"));
  auto* layout = new QVBoxLayout(box);
  auto* bar = new QHBoxLayout;
  auto* add = new QPushButton(tr("Add stage"));
  m_duplicate = new QPushButton(tr("Duplicate"));
  m_remove = new QPushButton(tr("Remove"));
  m_up = new QPushButton(tr("Move up"));
  m_down = new QPushButton(tr("Move down"));
  for (QPushButton* b : {add, m_duplicate, m_remove, m_up, m_down}) bar->addWidget(b);
  m_stageMessage = problemLabel();
  m_stageMessage->setObjectName("stageMessage");
  m_stageMessage->setStyleSheet(kRefusedStyle);
  bar->addWidget(m_stageMessage, 1);
  bar->addStretch(0);
  layout->addLayout(bar);

  m_table = new QTableView;
  m_table->setObjectName("stageTable");
  m_table->setModel(m_stageModel);
  m_table->setItemDelegate(m_delegate);
  m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                           QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
  m_table->setAlternatingRowColors(true);
  // A long Problem wraps onto more lines of its row (rows size to their contents), never clipped.
  m_table->setWordWrap(true);
  QHeaderView* header = m_table->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::Interactive);
  header->setStretchLastSection(true);
  header->setMinimumSectionSize(48);
  const int widths[kStageFieldCount] = {70, 56, 100, 86, 80, 86, 40, 90, 70, 90, 80};
  for (int c = 0; c < kStageFieldCount; ++c) m_table->setColumnWidth(c, widths[c]);
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layout->addWidget(m_table, 1);

  auto* hint = new QLabel(tr("Double-click or type to edit a cell; lists are comma separated. "
                             "Edits that make the space invalid are refused with the reason in "
                             "the Problem column. Ctrl+Z / Ctrl+Shift+Z undo and redo."));
  hint->setWordWrap(true);
  hint->setStyleSheet("color: rgb(100, 100, 100);");
  layout->addWidget(hint);

  connect(add, &QPushButton::clicked, this, [this] { addStage(); });
  connect(m_duplicate, &QPushButton::clicked, this, [this] { duplicateStage(currentStageRow()); });
  connect(m_remove, &QPushButton::clicked, this, [this] { removeStage(currentStageRow()); });
  connect(m_up, &QPushButton::clicked, this, [this] {
    const int r = currentStageRow();
    moveStage(r, r - 1);
  });
  connect(m_down, &QPushButton::clicked, this, [this] {
    const int r = currentStageRow();
    moveStage(r, r + 1);
  });
  connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
          &SpaceEditor::updateStageButtons);
  connect(m_stageModel, &QAbstractItemModel::modelReset, this, [this] {
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SpaceEditor::updateStageButtons, Qt::UniqueConnection);
    updateStageButtons();
  });
  connect(m_delegate, &StageCellDelegate::typing, this, &SpaceEditor::previewStageCell);
  connect(m_delegate, &StageCellDelegate::editingEnded, this,
          [this] { showPreview(nullptr, QString()); });
  return box;
}

void SpaceEditor::addFieldRow(QGridLayout* grid, int row, SpaceField field, const QString& label,
                              QWidget* editor) {
  auto* name = new QLabel(label);
  name->setBuddy(editor);
  editor->setToolTip(spaceFieldPath(field));
  grid->addWidget(name, row, 0);
  grid->addWidget(editor, row, 1);
  FieldRow& f = m_fields[int(field)];
  f.editor = editor;
  f.problem = problemLabel();
  f.problem->setObjectName(QStringLiteral("problem_") + spaceFieldPath(field));
  grid->addWidget(f.problem, row + 1, 0, 1, 2);
}

QWidget* SpaceEditor::intField(SpaceField field, int min, int max, const QString& suffix,
                               const QString& special, int step) {
  auto* spin = new QSpinBox;
  spin->setRange(min, max);
  spin->setSingleStep(step);
  spin->setSuffix(suffix);
  spin->setSpecialValueText(special);
  spin->setKeyboardTracking(false);
  spin->setAccelerated(true);
  const QString key = spaceFieldPath(field);
  connect(spin, &QSpinBox::valueChanged, this, [this, field, key](int v) {
    if (!m_refreshing) applyField(field, QString::number(v), key);
  });
  connect(spin, &QSpinBox::textChanged, this, [this, field, spin] {
    if (m_refreshing) return;
    const QString clean = spin->cleanText();
    if (!spin->specialValueText().isEmpty() && spin->text() == spin->specialValueText())
      previewField(field, QString::number(spin->minimum()));
    else previewField(field, clean);
  });
  connect(spin, &QSpinBox::editingFinished, this, [this] { showPreview(nullptr, QString()); });
  m_fields[int(field)].setText = [spin](const QString& t) { spin->setValue(t.toInt()); };
  return spin;
}

QWidget* SpaceEditor::listField(SpaceField field, const QString& placeholder) {
  auto* line = new QLineEdit;
  line->setPlaceholderText(placeholder);
  connect(line, &QLineEdit::textEdited, this,
          [this, field](const QString& text) { previewField(field, text); });
  connect(line, &QLineEdit::editingFinished, this, [this, field, line] {
    if (m_refreshing) return;
    showPreview(nullptr, QString());
    applyField(field, line->text());
  });
  m_fields[int(field)].setText = [line](const QString& t) { line->setText(t); };
  return line;
}

QWidget* SpaceEditor::comboField(SpaceField field, const QStringList& items) {
  auto* combo = new QComboBox;
  combo->addItems(items);
  connect(combo, &QComboBox::activated, this, [this, field, combo](int) {
    if (!m_refreshing) applyField(field, combo->currentText());
  });
  m_fields[int(field)].setText = [combo](const QString& t) { combo->setCurrentText(t); };
  return combo;
}

bool SpaceEditor::applyField(SpaceField field, const QString& text, const QString& mergeKey) {
  SearchSpace space = m_document->project().space;
  QString error;
  if (!setSpaceField(space, field, text, &error)) {
    setFieldProblem(field, error, true);
    return false;
  }
  const QStringList problems = checkSpace(space);
  if (!problems.isEmpty()) {
    setFieldProblem(field, problems.first(), true);
    return false;
  }
  setFieldProblem(field, QString(), false);
  const QString path = spaceFieldPath(field);
  applySpace(std::move(space), tr("Edit %1").arg(path.mid(path.indexOf('.') + 1)), mergeKey);
  return true;
}

void SpaceEditor::previewField(SpaceField field, const QString& text) {
  SearchSpace space = m_document->project().space;
  QString error;
  if (setSpaceField(space, field, text, &error)) {
    const QStringList problems = checkSpace(space);
    error = problems.value(0);
  }
  if (error.isEmpty()) {
    setFieldProblem(field, QString(), false);
    showPreview(&space, QString());
  } else {
    setFieldProblem(field, error, false);
    showPreview(nullptr, error);
  }
}

void SpaceEditor::previewStageCell(const QModelIndex& index, const QString& text) {
  SearchSpace space;
  QString error;
  if (m_stageModel->candidate(index, text, &space, &error)) showPreview(&space, QString());
  else showPreview(nullptr, error);
}

QString SpaceEditor::fieldProblem(SpaceField field) const {
  const auto it = m_fields.find(int(field));
  return it == m_fields.end() || !it->problem ? QString() : it->problem->text();
}

void SpaceEditor::setFieldProblem(SpaceField field, const QString& text, bool refused) {
  FieldRow& f = m_fields[int(field)];
  if (!f.problem) return;
  if (text.isEmpty()) {
    f.problem->clear();
    f.problem->setVisible(false);
    f.editor->setStyleSheet(QString());
    return;
  }
  f.problem->setText(refused ? tr("Refused: %1").arg(text) : tr("Would be refused: %1").arg(text));
  f.problem->setStyleSheet(refused ? kRefusedStyle : kPreviewStyle);
  f.problem->setVisible(true);
  f.editor->setStyleSheet(refused ? "background: rgb(255, 228, 228);" : QString());
}

bool SpaceEditor::applySpace(SearchSpace space, const QString& undoText, const QString& mergeKey) {
  return pushSectionEdit(m_document, &Project::space, "space", std::move(space), undoText, mergeKey);
}

bool SpaceEditor::refuseStageOp(const QString& problem) {
  m_stageMessage->setText(tr("Refused: %1").arg(problem));
  m_stageMessage->setVisible(true);
  return false;
}

bool SpaceEditor::addStage() {
  SearchSpace space = m_document->project().space;
  space.stages.push_back(newStageAfter(space));
  const QStringList problems = checkSpace(space);
  if (!problems.isEmpty()) return refuseStageOp(problems.first());
  m_stageMessage->setVisible(false);
  applySpace(std::move(space), tr("Add stage"));
  m_table->setCurrentIndex(m_stageModel->index(m_stageModel->rowCount() - 1, 0));
  return true;
}

bool SpaceEditor::duplicateStage(int row) {
  SearchSpace space = m_document->project().space;
  if (row < 0 || row >= int(space.stages.size())) return refuseStageOp(tr("select a stage first"));
  StageSpace copy = space.stages[std::size_t(row)];
  copy.name += "_copy";
  copy.stride = 1;
  space.stages.insert(space.stages.begin() + row + 1, copy);
  const QStringList problems = checkSpace(space);
  if (!problems.isEmpty()) return refuseStageOp(problems.first());
  m_stageMessage->setVisible(false);
  applySpace(std::move(space), tr("Duplicate stage %1").arg(row + 1));
  m_table->setCurrentIndex(m_stageModel->index(row + 1, 0));
  return true;
}

bool SpaceEditor::removeStage(int row) {
  SearchSpace space = m_document->project().space;
  if (row < 0 || row >= int(space.stages.size())) return refuseStageOp(tr("select a stage first"));
  space.stages.erase(space.stages.begin() + row);
  const QStringList problems = checkSpace(space);
  if (!problems.isEmpty()) return refuseStageOp(problems.first());
  m_stageMessage->setVisible(false);
  applySpace(std::move(space), tr("Remove stage %1").arg(row + 1));
  return true;
}

bool SpaceEditor::moveStage(int from, int to) {
  SearchSpace space = m_document->project().space;
  const int n = int(space.stages.size());
  if (from < 0 || from >= n || to < 0 || to >= n || from == to)
    return refuseStageOp(tr("no stage to move there"));
  std::swap(space.stages[std::size_t(from)], space.stages[std::size_t(to)]);
  const QStringList problems = checkSpace(space);
  if (!problems.isEmpty()) return refuseStageOp(problems.first());
  m_stageMessage->setVisible(false);
  applySpace(std::move(space), tr("Move stage %1 %2").arg(from + 1).arg(to < from ? tr("up") : tr("down")));
  m_table->setCurrentIndex(m_stageModel->index(to, m_table->currentIndex().column()));
  return true;
}

QString SpaceEditor::stageProblem() const {
  return m_stageMessage->isVisibleTo(const_cast<SpaceEditor*>(this)) ? m_stageMessage->text()
                                                                      : QString();
}

int SpaceEditor::currentStageRow() const {
  const QModelIndex index = m_table->currentIndex();
  return index.isValid() ? index.row() : -1;
}

void SpaceEditor::updateStageButtons() {
  const int row = currentStageRow();
  const int n = m_stageModel->rowCount();
  m_duplicate->setEnabled(row >= 0);
  m_remove->setEnabled(row >= 0 && n > 1);
  m_up->setEnabled(row > 0);
  m_down->setEnabled(row >= 0 && row + 1 < n);
}

QString SpaceEditor::statsText() const { return m_stats->text(); }

QString SpaceEditor::previewText() const {
  return m_preview->isVisibleTo(const_cast<SpaceEditor*>(this)) ? m_preview->text() : QString();
}

void SpaceEditor::showPreview(const SearchSpace* candidate, const QString& problem) {
  if (candidate) {
    m_preview->setText(tr("With the typed value: %1").arg(spaceStatsText(computeSpaceStats(*candidate))));
    m_preview->setVisible(true);
  } else if (!problem.isEmpty()) {
    m_preview->setText(tr("The typed value would be refused: %1").arg(problem));
    m_preview->setVisible(true);
  } else {
    m_preview->clear();
    m_preview->setVisible(false);
  }
}

void SpaceEditor::refresh() {
  m_refreshing = true;
  const SearchSpace& space = m_document->project().space;
  for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
    const auto field = static_cast<SpaceField>(it.key());
    if (it->setText) it->setText(spaceFieldText(space, field));
    setFieldProblem(field, QString(), false);
  }
  m_refreshing = false;
  m_stats->setText(spaceStatsText(computeSpaceStats(space)));
  m_stageMessage->setVisible(false);
  showPreview(nullptr, QString());
  updateStageButtons();
}

}  // namespace h4h::ui
