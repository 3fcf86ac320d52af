#include "ui/common/page_layout.h"

#include <QHeaderView>
#include <QScrollArea>
#include <QTableView>

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

void setUpRecordTable(QTableView* table) {
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setAlternatingRowColors(true);
  table->verticalHeader()->setVisible(false);
  table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);  // one line per record
}

}  // namespace h4h::ui
