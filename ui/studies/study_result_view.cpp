#include "ui/studies/study_result_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "ui/common/page_layout.h"
#include "ui/common/units.h"
#include "ui/studies/study_table_model.h"
#include "ui/study/study_plot.h"

namespace h4h::ui {

namespace {

const QString kHeadlines = QStringLiteral("headlines");

/// "seed 3", "seeds 1, 2, 3".
QString seedsText(const std::vector<std::uint64_t>& seeds) {
  QStringList out;
  for (std::uint64_t s : seeds) out << QString::number(s);
  return (seeds.size() == 1 ? QObject::tr("seed %1") : QObject::tr("seeds %1")).arg(out.join(", "));
}

}  // namespace

StudyTable headlineTable(const std::vector<StudyHeadline>& headlines) {
  StudyTable t;
  t.name = kHeadlines.toStdString();
  t.title = "Headlines beside the seed paper";
  t.columns = {{"headline", ""}, {"this study", ""}, {"seed paper", ""}, {"unit", ""}};
  for (const StudyHeadline& h : headlines) t.rows.push_back({h.name, h.value, h.seed, h.unit});
  t.notes = {"— in the seed paper's column: the paper reports no such figure."};
  return t;
}

StudyResultView::StudyResultView(QWidget* parent)
    : QWidget(parent),
      m_header(new QLabel),
      m_picker(new QComboBox),
      m_table(new QTableView),
      m_model(new StudyTableModel(this)),
      m_notes(new QLabel),
      m_plots(new QTabWidget) {
  setObjectName("studyResultView");
  m_header->setObjectName("studyHeader");
  m_header->setWordWrap(true);
  m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_picker->setObjectName("studyTablePicker");
  m_picker->setToolTip(tr("The study's tables (each is a CSV file in its folder) and its headline "
                          "numbers beside the seed paper's"));
  m_picker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_table->setObjectName("studyTable");
  m_table->setModel(m_model);
  setUpRecordTable(m_table);
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_notes->setObjectName("studyNotes");
  m_notes->setWordWrap(true);
  m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_notes->setStyleSheet("color: #555;");
  m_plots->setObjectName("studyPlots");
  m_plots->setDocumentMode(true);
  m_plots->setElideMode(Qt::ElideRight);

  auto* tableArea = new QWidget;
  auto* tl = new QVBoxLayout(tableArea);
  tl->setContentsMargins(0, 0, 0, 0);
  auto* pickRow = new QHBoxLayout;
  pickRow->addWidget(new QLabel(tr("Table:")));
  pickRow->addWidget(m_picker);
  pickRow->addStretch(1);
  tl->addLayout(pickRow);
  tl->addWidget(m_table, 1);
  tl->addWidget(m_notes);

  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(tableArea);
  split->addWidget(m_plots);
  split->setStretchFactor(0, 2);  // a study table has tens of rows; the plots want the room
  split->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_header);
  layout->addWidget(split, 1);

  connect(m_picker, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { showSelectedTable(); });
  showMessage(tr("Run a study, or pick an earlier one from the list."));
}

void StudyResultView::showMessage(const QString& message) {
  m_hasResult = false;
  m_result = StudyResult();
  m_header->setText(message);
  m_picker->blockSignals(true);
  m_picker->clear();
  m_picker->blockSignals(false);
  m_picker->setEnabled(false);
  m_model->clear();
  m_notes->clear();
  m_notes->setVisible(false);
  fillPlots();
}

void StudyResultView::setResult(const StudyResult& result) {
  const bool sameStudy = m_hasResult && m_result.study == result.study;
  const QString keep = sameStudy ? selectedTable() : QString();
  const int keepPlot = sameStudy ? m_plots->currentIndex() : 0;
  m_result = result;
  m_hasResult = true;
  m_headlines = headlineTable(result.headlines);

  const StudyProvenance& p = result.provenance;
  QStringList facts;
  facts << seedsText(p.seeds.empty() ? result.settings.seedList() : p.seeds);
  if (result.settings.quick) facts << tr("quick");
  if (!result.settings.budget.empty()) facts << tr("budget %1").arg(QString::fromStdString(result.settings.budget));
  if (!p.date.empty()) facts << tr("started %1").arg(formatUtcTime(p.date));
  if (p.wallSeconds > 0.0) facts << tr("took %1").arg(formatDuration(p.wallSeconds));
  if (!p.projectHash.empty()) facts << tr("project %1").arg(QString::fromStdString(p.projectHash));
  if (!p.codeVersion.empty()) facts << tr("code %1").arg(QString::fromStdString(p.codeVersion));
  const QString title = QString::fromStdString(result.title.empty() ? result.study : result.title).toHtmlEscaped();
  QString text = QStringLiteral("<b>%1</b>").arg(title);
  if (!result.question.empty()) text += " — " + QString::fromStdString(result.question).toHtmlEscaped();
  text += QStringLiteral("<br><span style='color:#555'>%1</span>").arg(facts.join(" · ").toHtmlEscaped());
  m_header->setText(text);

  fillPicker();
  if (keep.isEmpty() || !selectTable(keep)) m_picker->setCurrentIndex(m_picker->count() > 0 ? 0 : -1);
  showSelectedTable();
  fillPlots();
  if (keepPlot < m_plots->count()) m_plots->setCurrentIndex(keepPlot);
}

void StudyResultView::fillPicker() {
  QStringList names;
  for (const StudyTable& t : m_result.tables) names << QString::fromStdString(t.name);
  if (!m_result.headlines.empty()) names << kHeadlines;
  QStringList shown;
  for (int i = 0; i < m_picker->count(); ++i) shown << m_picker->itemData(i).toString();
  if (names == shown) return;  // the same entries: keep the current one
  m_picker->blockSignals(true);
  m_picker->clear();
  for (const StudyTable& t : m_result.tables)
    m_picker->addItem(QString::fromStdString(t.title.empty() ? t.name : t.title), QString::fromStdString(t.name));
  if (!m_result.headlines.empty()) m_picker->addItem(QString::fromStdString(m_headlines.title), kHeadlines);
  m_picker->blockSignals(false);
  m_picker->setEnabled(m_picker->count() > 0);
}

bool StudyResultView::selectTable(const QString& name) {
  const int i = m_picker->findData(name);
  if (i < 0) return false;
  m_picker->setCurrentIndex(i);
  return true;
}

QString StudyResultView::selectedTable() const { return m_picker->currentData().toString(); }

void StudyResultView::showSelectedTable() {
  const QString name = selectedTable();
  const StudyTable* table = name == kHeadlines ? &m_headlines : m_result.table(name.toStdString());
  if (!table) {
    m_model->clear();
    m_notes->clear();
    m_notes->setVisible(false);
    return;
  }
  m_model->setTable(*table);
  m_table->resizeColumnsToContents();
  QStringList lines;
  for (const std::string& n : table->notes) lines << QString::fromStdString(n);
  for (const std::string& n : m_result.notes) lines << QString::fromStdString(n);
  m_notes->setText(lines.join("\n"));
  m_notes->setVisible(!lines.isEmpty());
}

void StudyResultView::fillPlots() {
  const std::size_t count = m_hasResult ? m_result.plots.size() : 0;
  while (m_plotWidgets.size() > count) {
    delete m_plotWidgets.back();
    m_plotWidgets.pop_back();
  }
  while (m_plotWidgets.size() < count) {
    auto* plot = new QCustomPlot;
    plot->setObjectName(QStringLiteral("studyPlot%1").arg(m_plotWidgets.size()));
    plot->setMinimumHeight(220);
    m_plots->addTab(plot, QString());
    m_plotWidgets.push_back(plot);
  }
  for (std::size_t i = 0; i < count; ++i) {
    const StudyPlot& data = m_result.plots[i];
    m_plots->setTabText(int(i), QString::fromStdString(data.title.empty() ? data.name : data.title));
    m_plots->setTabToolTip(int(i), QString::fromStdString(data.name + ".png"));
    fillStudyPlot(*m_plotWidgets[i], data);
  }
  m_plots->setVisible(count > 0);
}

QString StudyResultView::headerText() const { return m_header->text(); }
QString StudyResultView::notesText() const { return m_notes->text(); }

}  // namespace h4h::ui
