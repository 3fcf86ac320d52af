#include "search/search_job.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "search/arch_problem.h"
#include "search/hypervolume.h"
#include "search/nsga2.h"
#include "search/search_predictor.h"
#include "space/arch_key.h"
#include "space/arch_spec.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "space/space_validate.h"
#include "util/number_text.h"

namespace h4h {

namespace {

bool needsAccuracy(const SearchConfig& c) {
  for (const auto& o : c.objectives)
    if (o == "accuracy") return true;
  for (const auto& b : c.budgets)
    if (b.metric == "accuracy") return true;
  return false;
}

/// The settings a saved state must match to be resumed (generations may differ).
Json settingsFingerprint(const SearchConfig& c) {
  Json j = searchConfigToJson(c);
  j.erase("generations");
  return j;
}

Json numberOrNull(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

/// Where the header's accuracy fingerprint keeps the samples the predictor started with.
constexpr const char* kPredictorSeed = "predictor_seed";

std::string fmt(const char* format, double x) { return formatNumber(format, x); }
}  // namespace

double searchHypervolume(const std::vector<std::vector<double>>& points,
                         const std::vector<double>& ideal, const std::vector<double>& reference) {
  if (reference.size() > 3 && points.size() > 64) return std::nan("");
  return normalisedHypervolume(points, ideal, reference);
}

struct SearchJob::Impl {
  SearchSpace space;
  SearchConfig config;
  std::shared_ptr<ArchEvaluator> hardware;
  std::shared_ptr<AccuracyEvaluator> accuracy;
  bool wantAccuracy = false;
  ArchProblem problem;
  Nsga2<ArchProblem> engine;
  /// arch key -> metrics: typed, since it holds every arch measured (JSON only in files)
  std::unordered_map<std::string, ArchMetrics> cache;
  ParetoArchive archive;
  std::vector<double> reference, ideal;
  Json history = Json::array();
  Json engineSnapshot;  ///< the engine after the last completed generation, without "seen"
  std::vector<std::string> seen;  ///< what the engine asked for in the completed generations
  SearchStep pending;  ///< what was added since the last checkpoint
  CheckpointFn checkpoint;
  ArchFn observer;
  /// search.accuracy "predictor" or "predictor+verify": null otherwise (or without accuracy)
  std::unique_ptr<SearchPredictor> predictor;

  Impl(SearchSpace s, SearchConfig c, std::shared_ptr<ArchEvaluator> hw,
       std::shared_ptr<AccuracyEvaluator> acc)
      : space(std::move(s)),
        config(std::move(c)),
        hardware(std::move(hw)),
        accuracy(std::move(acc)),
        wantAccuracy(needsAccuracy(config)),
        problem(space, config.mutationProb, config.cnnOnly),
        engine(problem, options(config), config.seed) {
    if (wantAccuracy && config.accuracySource != "supernet")
      predictor = std::make_unique<SearchPredictor>(space, accuracy->fingerprint(), config.seed);
  }

  bool predicts() const { return predictor && predictor->ready(); }
  bool verifies() const { return predictor && config.accuracySource == "predictor+verify"; }

  /// search.initial_archs resolved against the space; InputError naming the entry.
  std::vector<Arch> initialArchs() const {
    std::vector<Arch> out;
    for (std::size_t i = 0; i < config.initialArchs.size(); ++i) {
      const std::string path = "search.initial_archs[" + std::to_string(i) + "]";
      const std::string& spec = config.initialArchs[i];
      Arch arch;
      try {
        arch = resolveArchSpec(space, spec);
      } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
      }
      if (config.cnnOnly)
        for (const StageArch& st : arch.stages)
          if (st.vitDepth > 0)
            throw InputError(path + ": " + clipText(spec) +
                             " has ViT blocks; the search is CNN-only (search.cnn_only)");
      out.push_back(std::move(arch));
    }
    return out;
  }

  static EvolutionOptions options(const SearchConfig& c) {
    EvolutionOptions o;
    o.population = c.population;
    o.crossoverProb = c.crossoverProb;
    o.randomSearch = c.algorithm == "random";
    return o;
  }

  /// Hardware metrics of one arch (accuracy comes per generation: measureAccuracy).
  ArchMetrics measureHardware(const Arch& arch) {
    ArchMetrics m;
    try {
      m = hardware->evaluate(arch);
    } catch (const std::exception& e) {
      m = ArchMetrics{};
      m.ok = false;
      m.error = e.what();
    }
    countArchBlocks(arch, m);
    return m;
  }

  /// The accuracies of a generation's fresh archs at once (an evaluator spread over
  /// processes measures them in parallel); a failed one fails its arch.
  void measureAccuracy(const std::vector<Arch>& archs, std::vector<ArchMetrics*>& metrics) {
    std::vector<Arch> wanted;
    std::vector<ArchMetrics*> into;
    for (std::size_t i = 0; i < archs.size(); ++i)
      if (metrics[i]->ok) {
        wanted.push_back(archs[i]);
        into.push_back(metrics[i]);
      }
    if (!wantAccuracy || wanted.empty()) return;
    const std::vector<AccuracyResult> results = accuracy->top1Many(wanted);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (results[i].error.empty()) {
        into[i]->accuracy = results[i].top1;
        continue;
      }
      ArchMetrics failed;
      failed.ok = false;
      failed.error = results[i].error;
      countArchBlocks(wanted[i], failed);
      *into[i] = failed;
    }
  }

  /// The metrics become JSON only for the archs the archive admits (the front is small).
  void addToArchive(const std::string& key, const ArchMetrics& metrics, const Fitness& fitness) {
    if (archive.admits(key, fitness)) archive.insert(ParetoEntry{key, fitness, metrics.toJson()});
  }

  void setReference() {
    const std::size_t n = config.objectives.size();
    ideal.assign(n, 0.0);
    reference.assign(n, 0.0);
    std::vector<Json> extremes;
    if (config.referencePoint.empty()) {
      const Arch big = maxArch(space), small = minArch(space);
      for (const Arch* a : {&big, &small}) {
        ArchMetrics m;
        try {
          m = hardware->evaluate(*a);
        } catch (const std::exception& e) {
          m.ok = false;
          m.error = e.what();
        }
        if (m.ok) extremes.push_back(m.toJson());
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& o = config.objectives[i];
      const std::string key = objectiveMetricKey(o);
      const bool maximised = isMaximisedMetric(key);
      ideal[i] = maximised ? -1.0 : 0.0;
      double ref;
      if (!config.referencePoint.empty()) {
        ref = config.referencePoint[i];
      } else if (maximised) {
        ref = 0.0;
      } else {
        ref = 0.0;
        for (const auto& m : extremes) ref = std::max(ref, 1.1 * metricValue(m, key));
        if (!(ref > 0.0)) ref = 1.0;
      }
      reference[i] = metricToObjective(o, ref);
      if (!(reference[i] > ideal[i]))
        throw InputError("search.reference_point[" + std::to_string(i) + "]: must be " +
                         (maximised ? "below 1 for accuracy" : "above 0 for " + o) + " (" +
                         fmt("%g", ref) + ")");
    }
  }

  double populationHypervolume() const {
    std::vector<std::vector<double>> pts;
    for (const auto& m : engine.population())
      if (m.rank == 0 && m.fitness.feasible()) pts.push_back(m.fitness.objectives);
    return searchHypervolume(pts, ideal, reference);
  }

  double archiveHypervolume() const {
    return searchHypervolume(archive.feasiblePoints(), ideal, reference);
  }

  Json accuracyFingerprint() const {
    if (!wantAccuracy || !accuracy) return Json();
    Json j = accuracy->fingerprint();
    if (predictor && !predictor->seedSamples().empty()) j[kPredictorSeed] = predictor->seedToJson();
    return j;
  }

  void rebuildArchive() {
    archive.clear();
    for (const auto& [key, metrics] : cache) addToArchive(key, metrics, fitnessFromMetrics(metrics, config));
  }

  /// After new measurements: refits the predictor, re-predicts every predicted accuracy
  /// (so that each is the current predictor's), and rebuilds the archive and the
  /// population's ranking from the new values.
  void refitPredictor() {
    if (!predictor || !predictor->refit(cache)) return;
    for (auto& [key, metrics] : cache) {
      if (!metrics.ok || !metrics.accuracyPredicted) continue;
      const double before = metrics.accuracy;
      metrics.accuracy = predictor->predict(parseArchKey(key));
      if (observer && metrics.accuracy != before) observer(key, metrics);
    }
    rebuildArchive();
    if (engine.generation() >= 0)
      engine.reevaluate([this](const auto& m) { return fitnessFromMetrics(cache.at(m.key), config); });
  }

  /// The archive's members whose accuracy is predicted, by key.
  std::vector<std::string> predictedFront() const {
    std::vector<std::string> keys;
    for (const ParetoEntry& e : archive.sorted())
      if (cache.at(e.key).accuracyPredicted) keys.push_back(e.key);
    return keys;
  }

  /// predictor+verify: measures the archive's predicted members with the supernet and
  /// refits. At the end of the search (`final`) it repeats until the archive holds
  /// measured accuracies only. Measurements are kept as they complete (a cancel loses none).
  void verifyFront(JobContext& ctx, const std::string& stage, double progressAt) {
    constexpr std::size_t kChunk = 4;  // archs per top1Many: cancel is checked between chunks
    const bool final = engine.generation() >= config.generations;
    for (int round = 0;; ++round) {
      const std::vector<std::string> keys = predictedFront();
      if (keys.empty() || (round > 0 && !final)) return;
      for (std::size_t at = 0; at < keys.size(); at += kChunk) {
        ctx.throwIfCancelled();
        ctx.progress(progressAt, stage, "measuring the front's predicted accuracies: " +
                                            std::to_string(at) + "/" + std::to_string(keys.size()));
        std::vector<Arch> archs;
        std::vector<ArchMetrics*> metrics;
        for (std::size_t i = at; i < std::min(keys.size(), at + kChunk); ++i) {
          archs.push_back(parseArchKey(keys[i]));
          metrics.push_back(&cache.at(keys[i]));
        }
        measureAccuracy(archs, metrics);
        for (std::size_t i = 0; i < archs.size(); ++i) {
          metrics[i]->accuracyPredicted = false;
          pending.evaluations.emplace_back(keys[at + i], *metrics[i]);
          if (observer) observer(keys[at + i], *metrics[i]);
        }
      }
      refitPredictor();
    }
  }

  std::string evaluationsText() const {
    const std::string archs = std::to_string(cache.size());
    if (!predictor) return archs + " archs measured";
    return archs + " archs evaluated, " + std::to_string(measuredAccuracies()) + " accuracies measured on the supernet";
  }

  int measuredAccuracies() const {
    int n = 0;
    for (const auto& [key, m] : cache)
      if (m.ok && !m.accuracyPredicted && std::isfinite(m.accuracy)) ++n;
    return n;
  }

  SearchStateHeader header() const {
    return SearchStateHeader{settingsFingerprint(config), spaceToJson(space), hardware->fingerprint(),
                             accuracyFingerprint(), reference, ideal};
  }
};

SearchJob::SearchJob(SearchSpace space, SearchConfig config, std::shared_ptr<ArchEvaluator> hardware,
                     std::shared_ptr<AccuracyEvaluator> accuracy) {
  if (!hardware) throw InputError("search: no hardware evaluator");
  ErrorList errors;
  validateSpace(space, "space", errors);
  if (!errors.empty()) throw InputError(errors);
  if (needsAccuracy(config) && !accuracy)
    throw InputError(
        "search.objectives: accuracy needs a trained supernet (train the project first, or "
        "search hardware objectives only)");
  if (!config.referencePoint.empty() && config.referencePoint.size() != config.objectives.size())
    throw InputError("search.reference_point: needs one value per objective");
  m_impl = std::make_unique<Impl>(std::move(space), std::move(config), std::move(hardware),
                                  std::move(accuracy));
  m_impl->engine.setInitialGenomes(m_impl->initialArchs());
  m_impl->setReference();
}

SearchJob::~SearchJob() = default;

void SearchJob::setCheckpoint(CheckpointFn fn) { m_impl->checkpoint = std::move(fn); }

SearchStateHeader SearchJob::header() const { return m_impl->header(); }

void SearchJob::setArchObserver(ArchFn fn) { m_impl->observer = std::move(fn); }

void SearchJob::setPredictorSamples(std::vector<AccuracySample> samples) {
  if (m_impl->predictor) m_impl->predictor->setSeedSamples(std::move(samples));
}

const AccuracyPredictor* SearchJob::predictor() const {
  return m_impl->predictor ? m_impl->predictor->predictor() : nullptr;
}

Json SearchJob::predictorSummary() const { return m_impl->predictor ? m_impl->predictor->summary() : Json(); }

SearchStep SearchJob::takeStep() {
  SearchStep step = std::move(m_impl->pending);
  m_impl->pending = SearchStep{};
  return step;
}

SearchState SearchJob::state() const {
  const Impl& d = *m_impl;
  SearchState s;
  s.header = d.header();
  s.cache.insert(d.cache.begin(), d.cache.end());
  s.engine = d.engineSnapshot;
  if (!s.engine.is_null()) s.seen = d.seen;
  s.history = d.history;
  return s;
}
ParetoFront SearchJob::pareto() const { return paretoFrontFromTrustedJson(m_impl->archive.toJson()); }
const ParetoArchive& SearchJob::archive() const { return m_impl->archive; }
int SearchJob::generation() const { return m_impl->engine.generation(); }
bool SearchJob::completed() const { return m_impl->engine.generation() >= m_impl->config.generations; }
int SearchJob::evaluations() const { return static_cast<int>(m_impl->cache.size()); }
std::string SearchJob::evaluationsText() const { return m_impl->evaluationsText(); }
double SearchJob::hypervolume() const { return m_impl->archiveHypervolume(); }
const Json& SearchJob::history() const { return m_impl->history; }
const std::vector<double>& SearchJob::referencePoint() const { return m_impl->reference; }
const std::vector<double>& SearchJob::idealPoint() const { return m_impl->ideal; }

void SearchJob::restore(const Json& legacyState) {
  const std::string path = "results.search_state";
  if (!legacyState.is_object()) throw InputError(path + ": no saved search to resume");
  ErrorList errors;
  SearchState state = searchStateFromJson(legacyState, path, errors);
  if (!errors.empty()) throw InputError(errors);
  restore(state, path);
}

void SearchJob::restore(const SearchState& state, const std::string& path) {
  Impl& d = *m_impl;
  auto mismatch = [&](const std::string& what) {
    throw InputError(path + ": the saved search used other " + what +
                     "; start a new search (without --resume)");
  };
  const SearchStateHeader& saved = state.header;
  const Json settings = settingsFingerprint(d.config);
  if (saved.settings != settings) {
    std::string diff;
    for (auto it = settings.begin(); it != settings.end(); ++it)
      if (!saved.settings.is_object() || !saved.settings.contains(it.key()) ||
          saved.settings[it.key()] != *it)
        diff += (diff.empty() ? "" : ", ") + it.key();
    mismatch("settings (" + (diff.empty() ? std::string("unknown fields") : diff) + ")");
  }
  if (saved.space != spaceToJson(d.space)) mismatch("search space");
  if (saved.evaluator != d.hardware->fingerprint()) mismatch("hardware or scheduler settings");
  // The stored predictor may have grown since (a later search stored its own): the saved search
  // goes on from the samples it started with, kept in its header.
  auto withoutSeed = [](Json j) {
    if (j.is_object()) j.erase(kPredictorSeed);
    return j.is_object() && j.empty() ? Json() : j;  // an evaluator without a fingerprint, plus the seed
  };
  if (withoutSeed(saved.accuracy) != withoutSeed(d.accuracyFingerprint())) mismatch("supernet or accuracy settings");
  ErrorList errors;
  if (saved.reference.size() != d.config.objectives.size() || saved.ideal.size() != saved.reference.size())
    errors.add(joinPath(path, "reference"), "needs one value per objective");
  std::vector<AccuracySample> seedSamples;
  if (d.predictor && saved.accuracy.is_object()) {
    const std::string seedPath = joinPath(path, std::string("accuracy.") + kPredictorSeed);
    seedSamples = SearchPredictor::seedFromJson(saved.accuracy.value(kPredictorSeed, Json()), seedPath, errors);
    validateSamples(d.space, seedSamples, seedPath, errors);
  }
  if (!errors.empty()) throw InputError(errors);

  Nsga2<ArchProblem> restored(d.problem, Impl::options(d.config), d.config.seed);
  restored.setInitialGenomes(d.initialArchs());
  if (!state.engine.is_null()) restored.restoreState(state.engineState(), joinPath(path, "engine"), errors);
  if (!errors.empty()) throw InputError(errors);

  d.engine = std::move(restored);
  d.engineSnapshot = state.engine;
  d.seen = state.seen;
  d.cache.clear();
  d.cache.reserve(state.cache.size());
  d.cache.insert(state.cache.begin(), state.cache.end());
  d.reference = saved.reference;
  d.ideal = saved.ideal;
  d.history = state.history;
  d.pending = SearchStep{};
  if (d.predictor) d.predictor->setSeedSamples(std::move(seedSamples));
  d.rebuildArchive();
  d.refitPredictor();
}

JobResult SearchJob::run(JobContext& ctx) {
  Impl& d = *m_impl;
  const int total = d.config.generations + 1;
  const auto start = std::chrono::steady_clock::now();
  int measuredThisRun = 0;
  double measureSeconds = 0.0;  // time spent measuring (not ranking, events or checkpoints)
  auto secondsSince = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  if (d.predictor && !d.predictor->ready()) d.refitPredictor();  // a stored predictor's samples
  while (d.engine.generation() < d.config.generations) {
    ctx.throwIfCancelled();
    const int g = d.engine.generation() + 1;
    const std::vector<Arch> batch = d.engine.ask();
    std::vector<Fitness> fits;
    fits.reserve(batch.size());
    std::vector<std::string> keys;  // what the engine asked for: its "seen" grows by these
    keys.reserve(batch.size());
    int fresh = 0;
    // Hardware arch by arch; with accuracy, the generation's accuracies at once after it
    // (an evaluator spread over processes measures them in parallel). A key asked twice
    // is measured once; without accuracy an arch is cached as soon as it is measured, so
    // a cancelled generation keeps what it measured.
    auto store = [&](const std::string& key, ArchMetrics metrics) {
      const auto it = d.cache.emplace(key, std::move(metrics)).first;
      d.addToArchive(key, it->second, fitnessFromMetrics(it->second, d.config));
      d.pending.evaluations.emplace_back(key, it->second);
      if (d.observer) d.observer(key, it->second);
      ++fresh;
      ++measuredThisRun;
    };
    std::unordered_map<std::string, ArchMetrics> awaiting;  // measured, accuracy to come
    std::vector<Arch> awaitingArchs;
    std::vector<std::string> awaitingKeys;
    const auto t = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      ctx.throwIfCancelled();
      keys.push_back(d.problem.key(batch[i]));
      const std::string& key = keys.back();
      if (d.cache.count(key) || awaiting.count(key)) continue;
      ArchMetrics metrics = d.measureHardware(batch[i]);
      if (d.wantAccuracy && d.predicts()) {
        if (metrics.ok) {
          metrics.accuracy = d.predictor->predict(batch[i]);
          metrics.accuracyPredicted = true;
        }
        store(key, std::move(metrics));
      } else if (d.wantAccuracy) {
        awaiting.emplace(key, std::move(metrics));
        awaitingArchs.push_back(batch[i]);
        awaitingKeys.push_back(key);
      } else {
        store(key, std::move(metrics));
      }
      ctx.progress((g + static_cast<double>(i + 1) / batch.size()) / total,
                   "generation " + std::to_string(g) + "/" + std::to_string(d.config.generations),
                   std::to_string(d.cache.size() + awaiting.size()) +
                       (d.predictor ? " archs evaluated" : " archs measured"));
    }
    std::vector<ArchMetrics*> awaitingMetrics;
    for (const std::string& key : awaitingKeys) awaitingMetrics.push_back(&awaiting.at(key));
    d.measureAccuracy(awaitingArchs, awaitingMetrics);
    for (const std::string& key : awaitingKeys) store(key, std::move(awaiting.at(key)));
    if (!awaitingKeys.empty()) d.refitPredictor();
    measureSeconds += secondsSince(t);
    for (const std::string& key : keys) fits.push_back(fitnessFromMetrics(d.cache.at(key), d.config));
    const int hits = static_cast<int>(batch.size()) - fresh;
    d.engine.tell(fits);
    if (d.verifies() && (g % d.config.verifyEvery == 0 || g == d.config.generations)) {
      const auto v = std::chrono::steady_clock::now();
      d.verifyFront(ctx, "generation " + std::to_string(g) + "/" + std::to_string(d.config.generations),
                    static_cast<double>(g + 1) / total);
      measureSeconds += secondsSince(v);
    }
    d.engineSnapshot = d.engine.stateToJson(false);
    d.pending.engine = d.engineSnapshot;
    d.seen.insert(d.seen.end(), keys.begin(), keys.end());
    d.pending.seenAdded = std::move(keys);

    const double hv = d.archiveHypervolume();
    const double popHv = d.populationHypervolume();
    d.history.push_back(Json{{"generation", g},
                             {"evaluations", d.cache.size()},
                             {"hypervolume", numberOrNull(hv)},
                             {"front", d.archive.size()}});
    d.pending.history.push_back(d.history.back());
    Json population = Json::array();
    int feasible = 0;
    for (const auto& m : d.engine.population()) {
      Json values = Json::array();
      for (std::size_t k = 0; k < d.config.objectives.size(); ++k)
        values.push_back(numberOrNull(objectiveToMetric(d.config.objectives[k], m.fitness.objectives[k])));
      if (m.fitness.feasible()) ++feasible;
      population.push_back(
          Json{{"key", m.key}, {"rank", m.rank}, {"feasible", m.fitness.feasible()}, {"values", values}});
    }
    const double elapsed = secondsSince(start);
    ctx.event("search.generation",
              Json{{"generation", g},
                   {"generations", d.config.generations},
                   {"algorithm", d.config.algorithm},
                   {"objectives", d.config.objectives},
                   {"evaluations", d.cache.size()},
                   {"new_evaluations", fresh},
                   {"cache_hits", hits},
                   {"hypervolume", numberOrNull(hv)},
                   {"population_hypervolume", numberOrNull(popHv)},
                   {"feasible", feasible},
                   {"population", population},
                   {"front", d.archive.toJson()},
                   {"elapsed_s", elapsed},
                   {"measure_s", measureSeconds},
                   // What the user sees happen: archs measured per second of this run's wall
                   // time (measure_s alone, without ranking, events and saves, overstated it).
                   {"evaluations_per_s", elapsed > 0 ? measuredThisRun / elapsed : 0.0},
                   {"measured_accuracies", d.measuredAccuracies()},
                   {"predictor", d.predictor ? d.predictor->summary() : Json()}});
    ctx.progress(static_cast<double>(g + 1) / total,
                 "generation " + std::to_string(g) + "/" + std::to_string(d.config.generations),
                 "hypervolume " + fmt("%.4f", hv) + ", " + d.evaluationsText() + ", front " +
                     std::to_string(d.archive.size()));
    if (d.checkpoint) d.checkpoint(d.pending);
    d.pending = SearchStep{};
  }
  JobResult result;
  result.status = JobStatus::Finished;
  const double hv = d.archiveHypervolume();
  result.message = std::to_string(d.archive.size()) + " archs on the front, hypervolume " +
                   fmt("%.4f", hv) + ", " + d.evaluationsText();
  result.data = Json{{"pareto", d.archive.toJson()},
                     {"hypervolume", numberOrNull(hv)},
                     {"evaluations", d.cache.size()},
                     {"generations", d.engine.generation()},
                     {"history", d.history},
                     {"measured_accuracies", d.measuredAccuracies()},
                     {"predictor", d.predictor ? d.predictor->summary() : Json()}};
  return result;
}

}  // namespace h4h
