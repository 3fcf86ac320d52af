#include "ui/common/units.h"

#include <QDateTime>
#include <cmath>

namespace h4h::ui {

namespace {

/// A quantity given in nano-units, written with the largest SI prefix that keeps it at
/// least 1: "3.210 ms", "41.30 µs", "310.0 nJ".
QString withNanoPrefix(double nanoUnits, const QString& unit) {
  const double a = std::fabs(nanoUnits);
  if (a >= 1e9) return QString::number(nanoUnits / 1e9, 'f', 3) + " " + unit;
  if (a >= 1e6) return QString::number(nanoUnits / 1e6, 'f', 3) + " m" + unit;
  if (a >= 1e3) return QString::number(nanoUnits / 1e3, 'f', 2) + " µ" + unit;
  return QString::number(nanoUnits, 'f', 1) + " n" + unit;
}

}  // namespace

QString formatNs(double ns) { return withNanoPrefix(ns, QStringLiteral("s")); }

QString formatNj(double nj) { return withNanoPrefix(nj, QStringLiteral("J")); }

QString formatBytes(double bytes) {
  const double a = std::fabs(bytes);
  if (a >= 1024.0 * 1024.0 * 1024.0) return QString::number(bytes / (1024.0 * 1024.0 * 1024.0), 'f', 2) + " GiB";
  if (a >= 1024.0 * 1024.0) return QString::number(bytes / (1024.0 * 1024.0), 'f', 2) + " MiB";
  if (a >= 1024.0) return QString::number(bytes / 1024.0, 'f', 1) + " KiB";
  return QString::number(bytes, 'f', 0) + " B";
}

QString formatCount(double count) {
  const double a = std::fabs(count);
  if (a >= 1e9) return QString::number(count / 1e9, 'f', 2) + " G";
  if (a >= 1e6) return QString::number(count / 1e6, 'f', 2) + " M";
  if (a >= 1e3) return QString::number(count / 1e3, 'f', 1) + " k";
  return QString::number(count, 'g', 4);
}

QString formatDuration(double seconds) {
  if (!(seconds >= 0.0) || !std::isfinite(seconds)) return QStringLiteral("—");
  const qint64 s = static_cast<qint64>(std::llround(seconds));
  if (s < 60) return QStringLiteral("%1 s").arg(s);
  const qint64 h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
  if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QChar('0')).arg(sec, 2, 10, QChar('0'));
  return QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QChar('0'));
}

QString formatUtcTime(const std::string& iso8601) {
  const QString text = QString::fromStdString(iso8601);
  const QDateTime t = QDateTime::fromString(text, Qt::ISODate);
  return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd hh:mm")) + QStringLiteral(" UTC") : text;
}

QString formatShape(const TensorShape& shape) {
  return QStringLiteral("%1×%2×%3").arg(shape.c).arg(shape.h).arg(shape.w);
}

}  // namespace h4h::ui
