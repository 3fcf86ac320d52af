#pragma once
// Pieces of page layout that several tabs build the same way.

class QPushButton;
class QScrollArea;
class QTableView;
class QVBoxLayout;
class QWidget;

namespace h4h::ui {

/// A page's left column (buttons, status, settings) in a frameless scroll area that is
/// at least `minWidth` wide, and wide enough for the column beside its scroll bar.
QScrollArea* scrollableColumn(QWidget* column, int minWidth);

/// The layout of a job page's left column, its Start / Resume / Cancel row on top;
/// the page adds the rest below. `resume` may be null (a job that cannot be resumed).
QVBoxLayout* jobColumnLayout(QWidget* column, QPushButton* start, QPushButton* resume,
                             QPushButton* cancel);

/// A job page's body: its `left` column beside `right`, which takes the spare width, in
/// a splitter that fills `page` within the pages' margins.
void splitPage(QWidget* page, QWidget* left, QWidget* right);

/// A table of records: whole rows selected one at a time, read-only, striped, one
/// text line high, no row numbers.
void setUpRecordTable(QTableView* table);

}  // namespace h4h::ui
