#include "ui/schedule/network_legend.h"

#include <QPainter>

#include "ui/common/plot_style.h"

namespace h4h::ui {

namespace {
constexpr int kSwatch = 12;
constexpr int kBarWidth = 140;
}  // namespace

NetworkLegend::NetworkLegend(QWidget* parent) : QWidget(parent) {
  setObjectName("networkLegend");
  setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void NetworkLegend::showDevices() {
  m_share = false;
  update();
}

void NetworkLegend::showShare(double maxShare) {
  m_share = true;
  m_maxShare = maxShare;
  update();
}

QSize NetworkLegend::sizeHint() const {
  // The wider of both modes, so that switching needs no new layout (nothing shifts).
  const QFontMetrics fm(font());
  const int text = fm.horizontalAdvance(tr("0 %")) + fm.horizontalAdvance(tr("100.0 % of the frame")) + 16;
  return QSize(kBarWidth + text, std::max(kSwatch, fm.height()) + 4);
}

void NetworkLegend::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QFontMetrics fm(font());
  const int y = (height() - kSwatch) / 2;
  const auto text = [&](int x, const QString& s) {
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(x, 0, fm.horizontalAdvance(s) + 2, height()), Qt::AlignVCenter, s);
    return x + fm.horizontalAdvance(s) + 8;
  };
  if (!m_share) {
    int x = 0;
    for (const auto& [name, color] :
         {std::pair{QStringLiteral("NPU"), npuColor()}, {QStringLiteral("CIM"), cimColor()}}) {
      p.fillRect(x, y, kSwatch, kSwatch, color);
      x = text(x + kSwatch + 4, name);
    }
    return;
  }
  int x = text(0, tr("0 %"));
  for (int i = 0; i < kBarWidth; ++i) {
    p.setPen(heatColor(double(i) / (kBarWidth - 1)));
    p.drawLine(x + i, y, x + i, y + kSwatch);
  }
  text(x + kBarWidth + 4, tr("%1 % of the frame").arg(100.0 * m_maxShare, 0, 'f', 1));
}

}  // namespace h4h::ui
