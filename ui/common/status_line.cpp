#include "ui/common/status_line.h"

namespace h4h::ui {

StatusLine::StatusLine(QWidget* parent) : QLabel(parent) {
  setWordWrap(true);
  setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void StatusLine::setMessage(const QString& text, bool error) {
  m_error = error;
  setText(text);
  setStyleSheet(error ? QStringLiteral("color: rgb(180, 20, 20);") : QString());
}

void StatusLine::appendMessage(const QString& sentence, bool error) {
  setMessage(text() + " " + sentence, error || m_error);
}

}  // namespace h4h::ui
