#include "ui/search/pareto_rescore.h"

#include "eval/eval_context.h"
#include "project/project_search_state.h"
#include "search/hardware_evaluator.h"
#include "search/pareto.h"
#include "space/arch_key.h"
#include "ui/search/search_page_commands.h"
#include "util/errors.h"

namespace h4h::ui {

ArchRescore rescoreArchs(const Project& project, const std::vector<ArchToRescore>& archs, std::atomic<int>* done,
                         const std::atomic<bool>* stop) {
  ArchRescore out;
  out.hardware = hardwareToJson(project.hardware).dump();
  HardwareEvaluator evaluator(std::make_shared<const EvalContext>(evalContextFor(project)));
  for (const auto& [key, accuracy, predicted] : archs) {
    if (stop && stop->load()) break;
    ArchMetrics m;
    try {
      m = evaluator.evaluate(parseArchKey(key));
    } catch (const std::exception& e) {
      m.ok = false;
      m.error = e.what();
    }
    if (m.ok) {
      m.accuracy = accuracy;
      m.accuracyPredicted = predicted;
    }
    out.metrics[key] = std::move(m);
    if (done) ++*done;
  }
  out.front = frontOfMetrics(out.metrics, project.search);
  return out;
}

ParetoFront frontOfMetrics(const std::map<std::string, ArchMetrics>& metrics, const SearchConfig& config) {
  ParetoArchive archive;
  for (const auto& [key, m] : metrics) {
    const Fitness fitness = fitnessFromMetrics(m, config);
    if (archive.admits(key, fitness)) archive.insert(ParetoEntry{key, fitness, m.toJson()});
  }
  return paretoFrontFromTrustedJson(archive.toJson());
}

bool searchMeasuredOnOtherHardware(const Project& project, const SearchState& state) {
  try {
    return !state.header.evaluator.is_null() && evalContextFor(project).fingerprint() != state.header.evaluator;
  } catch (const std::exception&) {
    return false;  // the measured table cannot be read: a re-score would fail the same way
  }
}

struct ParetoRescorer::Work {
  Project project;
  std::vector<ArchToRescore> archs;
  std::atomic<int> done{0};
  std::atomic<bool> stop{false};
  std::shared_ptr<ArchRescore> result;
};

ParetoRescorer::ParetoRescorer(QObject* parent) : QObject(parent) {}

ParetoRescorer::~ParetoRescorer() {
  m_pending.reset();
  if (m_running) m_running->stop = true;
  if (m_thread) {
    m_thread->wait();
    delete m_thread;
  }
}

void ParetoRescorer::request(const Project& project, std::vector<ArchToRescore> archs) {
  auto work = std::make_shared<Work>();
  work->project = project;
  work->archs = std::move(archs);
  if (m_thread) {
    m_running->stop = true;  // measured on hardware that is no longer the project's
    m_pending = std::move(work);
    return;
  }
  launch(std::move(work));
}

int ParetoRescorer::done() const { return m_running ? m_running->done.load() : 0; }
int ParetoRescorer::total() const { return m_running ? static_cast<int>(m_running->archs.size()) : 0; }

void ParetoRescorer::launch(std::shared_ptr<Work> work) {
  m_running = work;
  m_thread = QThread::create([work] {
    auto result = std::make_shared<ArchRescore>();
    try {
      *result = rescoreArchs(work->project, work->archs, &work->done, &work->stop);
      if (!work->stop) {
        ProjectResults shown = work->project.results;
        result->baseSignature = searchResultsSignature(shown);
        shown.pareto = result->front;
        result->signature = searchResultsSignature(shown);
        std::shared_ptr<const SearchState> state;
        try {
          state = loadSearchState(work->project);
        } catch (const std::exception&) {
          // A missing or unreadable log: the front still shows (as on the GUI thread).
        }
        result->points = pointsFromResults(shown, work->project.search, state.get(), &result->metrics);
      }
    } catch (const std::exception& e) {
      *result = ArchRescore{};
      result->error = e.what();
    }
    work->result = std::move(result);
  });
  const int id = ++m_launches;
  connect(m_thread, &QThread::finished, this, [this, id] {
    if (id == m_launches) onThreadDone();  // not one already handled by waitForIdle()
  });
  m_thread->start();
}

void ParetoRescorer::onThreadDone() {
  if (!m_thread) return;
  m_thread->wait();
  m_thread->deleteLater();
  m_thread = nullptr;
  const std::shared_ptr<Work> work = std::move(m_running);
  if (m_pending) {
    launch(std::move(m_pending));  // a newer hardware arrived: its result is the one that counts
    return;
  }
  if (work && work->result) emit finished(work->result);
}

void ParetoRescorer::waitForIdle() {
  while (m_thread) {
    m_thread->wait();
    onThreadDone();
  }
}

}  // namespace h4h::ui
