#include "ui/common/page_layout.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace h4h::ui {

QScrollArea* scrollableColumn(QWidget* column, int minWidth) {
  auto* scroll = new QScrollArea;
  scroll->setWidget(column);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  constexpr int kScrollBarRoom = 24;
  scroll->setMinimumWidth(qMax(minWidth, column->sizeHint().width() + kScrollBarRoom));
  return scroll;
}

QVBoxLayout* jobColumnLayout(QWidget* column, QPushButton* start, QPushButton* resume,
                             QPushButton* cancel) {
  auto* layout = new QVBoxLayout(column);
  layout->setContentsMargins(0, 0, 6, 0);  // room before the splitter handle
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start);
  if (resume) buttons->addWidget(resume);
  buttons->addWidget(cancel);
  layout->addLayout(buttons);
  return layout;
}

void splitPage(QWidget* page, QWidget* left, QWidget* right) {
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addWidget(split);
}

void setUpRecordTable(QTableView* table) {
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setAlternatingRowColors(true);
  table->verticalHeader()->setVisible(false);
  table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);  // one line per record
}

}  // namespace h4h::ui
