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
#include "ui/schedule/compare_view.h"
#include "ui/schedule/schedule_page.h"
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

/// The Schedule tab's views under its Gantt chart besides the first (the layer table):
/// "Schedule — network", "Schedule — compare" (the comparison computed first).
int saveScheduleViews(ui::MainWindow& window, const QString& dir, int number) {
  QTabWidget* tabs = window.tabs();
  auto* page = window.findChild<ui::SchedulePage*>();
  auto* views = page ? page->findChild<QTabWidget*>("scheduleViews") : nullptr;
  if (!views) return 0;
  int tab = 0;
  while (tab < tabs->count() && tabs->widget(tab) != page && !tabs->widget(tab)->isAncestorOf(page)) ++tab;
  if (tab == tabs->count()) return 0;
  tabs->setCurrentIndex(tab);
  int written = 0;
  for (int i = 1; i < views->count(); ++i) {
    views->setCurrentIndex(i);
    settle(600);
    if (auto* compare = qobject_cast<ui::CompareView*>(views->widget(i))) {
      QElapsedTimer t;
      t.start();
      while (compare->isComputing() && t.elapsed() < 20000) settle(100);
      settle(200);
    }
    const QString file = QDir(dir).filePath(QString("%1_%2.png").arg(number++, 2, 10, QChar('0'))
                                                .arg(slug(tabs->tabText(tab) + " " + views->tabText(i))));
    if (window.grab().save(file)) ++written;
  }
  views->setCurrentIndex(0);
  return written;
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
  written += saveScheduleViews(window, dir, tabs->count() + 1);
  return written;
}

}  // namespace h4h::studio
