#include "ui/search/search_page_job.h"

#include <unordered_map>

#include "project/project_predictor.h"
#include "project/project_search_state.h"
#include "space/arch_key.h"
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

  const AccuracyEvaluator& accuracy() const { return *m_accuracy; }

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
  // What is measured is the wrapped evaluator's: a saved search must not resume on other weights.
  AccuracySignal signal() const override { return m_owner->accuracy().signal(); }
  Json fingerprint() const override { return m_owner->accuracy().fingerprint(); }

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
  SearchSetupOptions options;
  options.accuracy = m_accuracy;
  SearchSetup setup = setUpSearch(p, options);
  auto hardware = std::move(setup.hardware);
  auto accuracy = std::move(setup.accuracy);
  // Predictor modes: the SearchJob decides which archs the supernet measures, so the points
  // come from its arch observer (again, replacing the point, when an accuracy is verified or
  // re-predicted). Measuring here would measure every arch and defeat the predictor.
  const bool predicted = setup.config.accuracySource != "supernet" && accuracy;
  auto feeding = std::make_shared<FeedingEvaluator>(hardware, predicted ? nullptr : accuracy, m_feed);
  std::shared_ptr<AccuracyEvaluator> fed = accuracy;
  if (accuracy && !predicted) fed = std::make_shared<FedAccuracy>(feeding);

  SearchJob search(p.space, setup.config, feeding, fed);
  search.setPredictorSamples(std::move(setup.predictorSamples));
  if (predicted) {
    search.setArchObserver([feed = m_feed](const std::string& key, const ArchMetrics& metrics) {
      feed->push(key, metrics.toJson());
    });
  }
  if (m_resume) {
    const std::shared_ptr<const SearchState> saved = loadSearchState(p);
    if (!saved) throw InputError("results.search: no saved search to resume");
    search.restore(*saved, p.results.searchState ? "results.search_state" : searchStatePath(p));
  }
  feeding->setFeeding(!predicted);
  context.throwIfCancelled();
  JobResult result = search.execute(context);
  if (search.generation() >= 0) {
    m_state = std::make_shared<const SearchState>(search.state());
    m_pareto = search.pareto();
  }
  // As `h4h search` does: a completed search's predictor is what the next one starts from.
  try {
    storeSearchPredictor(p, search);
  } catch (const std::exception& e) {
    result.message += std::string("; the accuracy predictor was not stored: ") + e.what();
  }
  return result;
}

}  // namespace h4h::ui
