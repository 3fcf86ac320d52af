#include "screenshots.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTabWidget>
#include <cmath>

#include "project/project_search_state.h"
#include "ui/window/main_window.h"
#include "ui/project/project_document.h"
#include "ui/search/search_page.h"

namespace h4h::studio {

namespace {

void settle(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

QString slug(QString text) {
  text = text.toLower().remove('&');
  for (QChar& c : text)
    if (!c.isLetterOrNumber()) c = '_';
  return text;
}

/// The most telling schedule: a feasible front arch with ViT blocks (attention on the
/// Gantt) and the most layers on the CIM; else the most accurate (or fastest) evaluated
/// arch with ViT blocks; else the front arch with the most CIM layers.
std::string pickArch(const Project& p) {
  std::string best;
  int bestCim = -1, bestVit = -1;
  for (const ParetoRecord& e : p.results.pareto) {
    if (e.key.empty() || !e.feasible) continue;
    const int cim = e.metrics.cimLayers, vit = e.metrics.vitLayers > 0 ? 1 : 0;
    if (vit > bestVit || (vit == bestVit && cim > bestCim)) {
      best = e.key;
      bestCim = cim;
      bestVit = vit;
    }
  }
  std::shared_ptr<const SearchState> state;
  if (bestVit == 0) state = loadSearchState(p);
  if (!state) return best;
  double bestScore = -1e300;
  std::string hybrid;
  for (const auto& [key, m] : state->cache) {
    if (!m.ok || m.vitLayers == 0) continue;
    const double score = std::isfinite(m.accuracy) ? m.accuracy : -m.latencyMs;
    if (score > bestScore) {
      bestScore = score;
      hybrid = key;
    }
  }
  return hybrid.empty() ? best : hybrid;
}

}  // namespace

int saveTabScreenshots(ui::MainWindow& window, const QString& dir) {
  QDir().mkpath(dir);
  const Project& p = window.document()->project();
  if (p.results.selected.empty())
    if (auto* search = window.findChild<ui::SearchPage*>()) {
      const std::string key = pickArch(p);
      if (!key.empty()) search->selectArch(QString::fromStdString(key));
    }
  int written = 0;
  QTabWidget* tabs = window.tabs();
  for (int i = 0; i < tabs->count(); ++i) {
    tabs->setCurrentIndex(i);
    settle(600);
    const QString file = QDir(dir).filePath(
        QString("%1_%2.png").arg(i + 1, 2, 10, QChar('0')).arg(slug(tabs->tabText(i))));
    if (window.grab().save(file)) ++written;
  }
  return written;
}

}  // namespace h4h::studio
