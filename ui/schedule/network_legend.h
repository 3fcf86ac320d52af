#pragma once
// The Network view's legend: the two device colours, or the heat gradient of the time
// share from 0 to the largest share drawn.

#include <QWidget>

namespace h4h::ui {

class NetworkLegend : public QWidget {
 public:
  explicit NetworkLegend(QWidget* parent = nullptr);
  void showDevices();
  /// The gradient from 0 to `maxShare` (a fraction).
  void showShare(double maxShare);
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  bool m_share = false;
  double m_maxShare = 0.0;
};

}  // namespace h4h::ui
