#pragma once
// The Redo action's keys: the platform's, plus Ctrl+Shift+Z where they lack it (Windows
// has only Ctrl+Y). X11 already binds Ctrl+Shift+Z: listing it twice makes Qt call the key
// ambiguous, and then it does nothing.

#include <QKeySequence>
#include <QList>

namespace h4h::ui {

inline QList<QKeySequence> redoKeys(QList<QKeySequence> platform = QKeySequence::keyBindings(QKeySequence::Redo)) {
  const QKeySequence shiftZ(Qt::CTRL | Qt::SHIFT | Qt::Key_Z);
  if (!platform.contains(shiftZ)) platform.append(shiftZ);
  return platform;
}

}  // namespace h4h::ui
