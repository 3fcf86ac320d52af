#include "search_page_job.h"

#include <unordered_map>

#include "hw/measured_table.h"
#include "project/project_search_state.h"
#include "sched/objective.h"
#include "search/hardware_evaluator.h"
#include "space/arch_key.h"
#include "train/supernet_evaluator.h"
#include "util/errors.h"

namespace h4h::ui {

void SearchFeed::push(std::string key, Json metrics) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_pending.emplace_back(std::move(key), std::move(metrics));
}

std::vector<std::pair<std::string, Json>> SearchFeed::take() {
  std::vector<std::pair<std::string, Json>> out;
  std::lock_guard<std::mutex> lock(m_mutex);
  out.swap(m_pending);
  return out;
}

AccuracyFactory supernetAccuracyFactory() {
  return [](const Project& project) -> std::shared_ptr<AccuracyEvaluator> {
    return std::make_shared<SupernetAccuracyEvaluator>(project);
  };
}

bool searchNeedsAccuracy(const SearchConfig& config) {
  for (const auto& o : config.objectives)
    if (o == "accuracy") return true;
  for (const auto& b : config.budgets)
    if (b.metric == "accuracy") return true;
  return false;
}

namespace {

/// Measures an arch completely (hardware, then accuracy when wanted), feeds the result
/// to the GUI, and keeps the accuracy for the SearchJob's separate accuracy call (made
/// right after, on the same thread) so that no subnet is evaluated twice.
class FeedingEvaluator : public ArchEvaluator {
public:
  FeedingEvaluator(std::shared_ptr<ArchEvaluator> hardware, std::shared_ptr<AccuracyEvaluator> accuracy,
                   std::shared_ptr<SearchFeed> feed)
      : m_hardware(std::move(hardware)), m_accuracy(std::move(accuracy)), m_feed(std::move(feed)) {}

  void setFeeding(bool on) { m_feeding = on; }

  ArchMetrics evaluate(const Arch& arch) override {
    const std::string key = archKey(arch);
    try {
      ArchMetrics m = m_hardware->evaluate(arch);
      if (m.ok && m_accuracy) {
        m.accuracy = m_accuracy->top1(arch);
        m_lastAccuracy[key] = m.accuracy;
      }
      countArchBlocks(arch, m);
      if (m_feeding) m_feed->push(key, m.toJson());
      return m;
    } catch (const std::exception& e) {
      if (m_feeding) m_feed->push(key, Json{{"error", e.what()}});
      throw;
    }
  }

  Json fingerprint() const override { return m_hardware->fingerprint(); }

  double accuracyOf(const Arch& arch) {
    const std::string key = archKey(arch);
    auto it = m_lastAccuracy.find(key);
    if (it == m_lastAccuracy.end()) return m_accuracy->top1(arch);
    const double v = it->second;
    m_lastAccuracy.erase(it);
    return v;
  }

private:
  std::shared_ptr<ArchEvaluator> m_hardware;
  std::shared_ptr<AccuracyEvaluator> m_accuracy;
  std::shared_ptr<SearchFeed> m_feed;
  std::unordered_map<std::string, double> m_lastAccuracy;
  bool m_feeding = false;
};

class FedAccuracy : public AccuracyEvaluator {
public:
  explicit FedAccuracy(std::shared_ptr<FeedingEvaluator> owner) : m_owner(std::move(owner)) {}
  double top1(const Arch& arch) override { return m_owner->accuracyOf(arch); }

private:
  std::shared_ptr<FeedingEvaluator> m_owner;
};

}  // namespace

SearchRunJob::SearchRunJob(Project project, std::shared_ptr<SearchFeed> feed, AccuracyFactory accuracy,
                           bool resume)
    : m_project(std::move(project)),
      m_feed(std::move(feed)),
      m_accuracy(std::move(accuracy)),
      m_resume(resume) {}

SearchRunJob::~SearchRunJob() = default;

JobResult SearchRunJob::run(JobContext& context) {
  const Project& p = m_project;
  context.progress(0.0, "preparing", "building the evaluators");
  Objective objective = Objective::Latency;
  if (!parseObjective(p.search.scheduleObjective, objective))
    throw InputError("search.schedule_objective: must be one of latency, energy, edp (\"" +
                     p.search.scheduleObjective + "\")");
  std::shared_ptr<const MeasuredTable> measured;
  if (!p.hardware.measuredTablePath.empty())
    measured = std::make_shared<const MeasuredTable>(
        loadMeasuredTable(p.resolvePath(p.hardware.measuredTablePath)));
  auto hardware = std::make_shared<HardwareEvaluator>(p.space, p.hardware, objective, measured);

  std::shared_ptr<AccuracyEvaluator> accuracy;
  if (searchNeedsAccuracy(p.search)) {
    if (!m_accuracy) throw InputError("search.objectives: accuracy needs a trained supernet");
    accuracy = m_accuracy(p);
  }
  auto feeding = std::make_shared<FeedingEvaluator>(hardware, accuracy, m_feed);
  std::shared_ptr<AccuracyEvaluator> fed;
  if (accuracy) fed = std::make_shared<FedAccuracy>(feeding);

  SearchJob search(p.space, p.search, feeding, fed);
  if (m_resume) {
    const std::shared_ptr<const SearchState> saved = loadSearchState(p);
    if (!saved) throw InputError("results.search: no saved search to resume");
    search.restore(*saved, p.results.searchState ? "results.search_state" : searchStatePath(p));
  }
  feeding->setFeeding(true);
  context.throwIfCancelled();
  JobResult result = search.execute(context);
  if (search.generation() >= 0) {
    m_state = std::make_shared<const SearchState>(search.state());
    m_pareto = search.pareto();
  }
  return result;
}

}  // namespace h4h::ui
