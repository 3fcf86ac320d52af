#pragma once
// The one-line message under a page's buttons: what just happened, in red when it
// went wrong. Every tab says "why nothing started" and "what finished" the same way.

#include <QLabel>

namespace h4h::ui {

class StatusLine : public QLabel {
  Q_OBJECT
public:
  explicit StatusLine(QWidget* parent = nullptr);

  /// Shows `text`; `error` draws it in red.
  void setMessage(const QString& text, bool error = false);
  /// Adds a sentence to the message shown, keeping its colour unless `error` is set.
  void appendMessage(const QString& sentence, bool error = false);

private:
  bool m_error = false;
};

}  // namespace h4h::ui
