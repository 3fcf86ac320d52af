#include "screenshots.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTabWidget>
#include <algorithm>
#include <cmath>

#include "project/project_search_state.h"
#include "ui/window/main_window.h"
#include "ui/project/project_document.h"
#include "ui/schedule/compare_view.h"
#include "ui/schedule/gantt_chart.h"
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

/// Index of the main tab that holds `page`; -1 when none.
int tabOf(QTabWidget* tabs, QWidget* page) {
  for (int i = 0; i < tabs->count(); ++i)
    if (tabs->widget(i) == page || tabs->widget(i)->isAncestorOf(page)) return i;
  return -1;
}

QString shotPath(const QString& dir, int number, const QString& title) {
  return QDir(dir).filePath(QString("%1_%2.png").arg(number, 2, 10, QChar('0')).arg(slug(title)));
}

/// A page's views besides the first, one shot each ("Schedule network", "Search parallel
/// coordinates"); a Compare view is waited for until it has computed.
int saveSubViews(ui::MainWindow& window, QWidget* page, const char* viewsName, const QString& dir, int& number) {
  QTabWidget* tabs = window.tabs();
  auto* views = page ? page->findChild<QTabWidget*>(viewsName) : nullptr;
  const int tab = tabOf(tabs, page);
  if (!views || tab < 0) return 0;
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
    if (window.grab().save(shotPath(dir, number++, tabs->tabText(tab) + " " + views->tabText(i)))) ++written;
  }
  views->setCurrentIndex(0);
  return written;
}

/// The Schedule tab as a demo shows it: a layer fed over the link selected (its transfers
/// and producer -> consumer arrows), the middle third of the run selected as a time range
/// (busy % per lane); then the presentation export of the same chart (no highlights).
int saveScheduleInUse(ui::MainWindow& window, const QString& dir, int& number) {
  auto* page = window.findChild<ui::SchedulePage*>();
  const int tab = page ? tabOf(window.tabs(), page) : -1;
  if (tab < 0 || !page->view().ok()) return 0;
  window.tabs()->setCurrentIndex(tab);
  const ui::ScheduleView& view = page->view();
  // The first layer fed over the link (its transfer and arrows show), a ViT layer if any.
  int layer = -1;
  for (const ScheduleTask& t : view.hybrid.tasks) {
    const auto consumer = static_cast<std::size_t>(t.consumerId);
    if (t.type != StepKind::Transfer || t.consumerId < 0 || consumer >= view.layers.size() || t.frame != 0) continue;
    if (layer < 0) layer = t.consumerId;
    if (view.layers[consumer].block.find("vit") != std::string::npos) {
      layer = t.consumerId;
      break;
    }
  }
  if (layer >= 0) page->selectLayer(layer);
  double first = 1e300, last = 0.0;
  for (const ScheduleTask& t : view.hybrid.tasks) {
    first = std::min(first, t.startNs);
    last = std::max(last, t.endNs);
  }
  if (last > first) page->chart()->setTimeRange(first + (last - first) / 3, first + 2 * (last - first) / 3);
  settle(600);
  int written = window.grab().save(shotPath(dir, number++, "Schedule selection and range")) ? 1 : 0;
  if (page->exportPng(shotPath(dir, number++, "Schedule export"))) ++written;
  page->chart()->clearTimeRange();
  page->selectLayer(-1);
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
  int number = tabs->count() + 1;
  written += saveSubViews(window, window.findChild<ui::SchedulePage*>(), "scheduleViews", dir, number);
  written += saveScheduleInUse(window, dir, number);
  written += saveSubViews(window, window.findChild<ui::SearchPage*>(), "searchViews", dir, number);
  return written;
}

}  // namespace h4h::studio
