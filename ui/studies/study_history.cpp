#include "ui/studies/study_history.h"

#include <QHeaderView>

#include "ui/common/units.h"

namespace h4h::ui {

namespace {

enum Column { ColStudy, ColDate, ColSeeds, ColQuick, ColStatus, ColCount };
constexpr int kIndexRole = Qt::UserRole;

}  // namespace

StudyHistoryList::StudyHistoryList(QWidget* parent) : QTreeWidget(parent) {
  setObjectName("studyHistory");
  setColumnCount(ColCount);
  setHeaderLabels({tr("Study"), tr("Started"), tr("Seeds"), tr("Quick"), tr("Status")});
  setRootIsDecorated(false);
  setAlternatingRowColors(true);
  setUniformRowHeights(true);
  setSelectionMode(QAbstractItemView::SingleSelection);
  header()->setStretchLastSection(true);
  setToolTip(tr("Studies stored in the project; click one to show its tables and plots from its folder"));
  connect(this, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    emit recordChosen(item->data(ColStudy, kIndexRole).toInt());
  });
  connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    emit recordChosen(item->data(ColStudy, kIndexRole).toInt());
  });
}

void StudyHistoryList::setRecords(const StudyRecords& records) {
  const int chosen = chosenIndex();
  blockSignals(true);
  clear();
  for (int i = int(records.size()) - 1; i >= 0; --i) {
    const StudyRecord& r = records[std::size_t(i)];
    auto* item = new QTreeWidgetItem(this);
    item->setData(ColStudy, kIndexRole, i);
    item->setText(ColStudy, QString::fromStdString(r.study));
    item->setText(ColDate, formatUtcTime(r.date));
    item->setText(ColSeeds, QString::number(r.settings.seeds));
    item->setText(ColQuick, r.settings.quick ? tr("yes") : tr("no"));
    item->setText(ColStatus, QString::fromStdString(r.status));
    const QString tip = tr("%1\nfirst seed %2, took %3").arg(QString::fromStdString(r.folder))
                            .arg(r.settings.baseSeed)
                            .arg(formatDuration(r.wallSeconds));
    for (int c = 0; c < ColCount; ++c) item->setToolTip(c, tip);
    item->setTextAlignment(ColSeeds, Qt::AlignRight | Qt::AlignVCenter);
    if (i == chosen) setCurrentItem(item);
  }
  for (int c = 0; c < ColCount; ++c) resizeColumnToContents(c);
  blockSignals(false);
}

int StudyHistoryList::chosenIndex() const {
  const QTreeWidgetItem* item = currentItem();
  return item && item->isSelected() ? item->data(ColStudy, kIndexRole).toInt() : -1;
}

void StudyHistoryList::choose(int index) {
  blockSignals(true);
  clearSelection();
  setCurrentItem(nullptr);
  for (int i = 0; i < topLevelItemCount(); ++i)
    if (topLevelItem(i)->data(ColStudy, kIndexRole).toInt() == index) setCurrentItem(topLevelItem(i));
  blockSignals(false);
}

}  // namespace h4h::ui
