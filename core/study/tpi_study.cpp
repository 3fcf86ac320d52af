// The `tpi` study (issue 22): the seed paper's training table with one shared phase 1 per
// seed, a CNN-only control, several seeds and paired 95 % confidence intervals. The
// design is in tpi_design.h, the work folder that makes it resumable in tpi_work.h; the
// training itself comes from the caller (StudyInput::training, core/train).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "project/project_file.h"
#include "space/space_ops.h"
#include "study/studies.h"
#include "study/study_stats.h"
#include "study/tpi_design.h"
#include "study/tpi_work.h"
#include "train/run_record.h"
#include "train/train_status.h"
#include "util/errors.h"

namespace h4h {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double nan() { return std::nan(""); }

/// "0.3", "1.25": a number of points as a person writes it.
std::string points(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

/// The seed paper's table (ImageNet top-1 %, min net / max net), issue 22.
struct SeedRow {
  TpiRecipe recipe;
  double minNet, maxNet;
};
constexpr double kSeedCnnMin = 71.691, kSeedCnnMax = 78.802;
const SeedRow kSeedRows[] = {{TpiRecipe::Vanilla, 71.346, 79.914},
                             {TpiRecipe::TpiUnfreeze, 72.140, 79.248},
                             {TpiRecipe::TpiFreeze, 72.201, 79.782}};

/// The measured columns, in table order; `value` reads one from a unit's result.
struct Column {
  const char* name;
  const char* label;
  double TpiUnitResult::*value;
};
const Column kColumns[] = {{"max_net", "max net", &TpiUnitResult::maxNet},
                           {"cnn_min", "CNN min net", &TpiUnitResult::cnnMin},
                           {"hybrid_min", "hybrid min net", &TpiUnitResult::hybridMin},
                           {"random_mean", "random-subnet mean", &TpiUnitResult::randomMean}};

/// A CNN-only supernet has no trained ViT blocks: its hybrid-min reference is its CNN
/// min net (what it deploys at the bottom), as in the seed's table.
double referenceValue(const TpiUnitResult& cnnUnit, const Column& column) {
  if (column.value == &TpiUnitResult::hybridMin) return cnnUnit.cnnMin;
  return cnnUnit.*column.value;
}

/// Relative cost of a unit, for the progress bar and to start long ones first.
double unitCost(TpiRecipe recipe, const TpiBudget& budget) {
  return tpiPhases(recipe, budget).front().epochs * (tpiRecipeIsHybrid(recipe) ? 1.6 : 1.0) + 0.5;
}

/// Start order: every phase 1 first (it unlocks three continuations), then the longest.
int startPriority(TpiRecipe recipe) {
  switch (recipe) {
    case TpiRecipe::Phase1: return 0;
    case TpiRecipe::VanillaGradProj: return 1;
    case TpiRecipe::Vanilla: return 2;
    case TpiRecipe::TpiUnfreeze: return 3;
    case TpiRecipe::TpiFreeze: return 4;
    case TpiRecipe::CnnControl: return 5;
  }
  return 6;
}

TpiUnit phase1Of(const TpiUnit& unit) { return {unit.seed, TpiRecipe::Phase1}; }

/// True when an earlier session left a resumable checkpoint in the unit's trainer folder
/// (a run killed before its first checkpoint leaves only an empty run folder).
bool hasCheckpoint(const std::string& folder) {
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(folder) / kRunsFolder, ec), end; !ec && it != end; it.increment(ec))
    if (fs::exists(it->path() / kTrainStateFile, ec)) return true;
  return false;
}

/// What the study measures on every supernet.
struct Subnets {
  Arch maxHybrid, maxCnn, cnnMin, hybridMin;
  std::vector<Arch> random;
};

std::vector<double> collect(const std::vector<const TpiUnitResult*>& units, double TpiUnitResult::*value) {
  std::vector<double> out;
  for (const TpiUnitResult* u : units) out.push_back(u->*value);
  return out;
}

class TpiStudy : public Study {
public:
  std::string name() const override { return "tpi"; }
  std::string title() const override {
    return "Two-phase incremental training vs vanilla hybrid and CNN-only training, paired over seeds";
  }
  std::vector<std::string> budgets() const override { return tpiBudgetNames(); }
  int defaultSeeds() const override { return 3; }
  bool trains() const override { return true; }

  void run(const StudyInput& input, StudyRun& run) const override {
    if (!input.training)
      throw InputError("tpi: this caller cannot train supernets (run it with `h4h study` or the Studies tab)");
    const StudySettings& settings = input.settings;
    const TpiBudget budget = tpiBudget(settings.quick ? "quick" : settings.budget);
    Subnets subnets;
    subnets.hybridMin = hybridMinArch(input.project.space);  // throws for a CNN-only space
    subnets.maxHybrid = maxArch(input.project.space);
    subnets.maxCnn = restrictCnnOnly(subnets.maxHybrid);
    subnets.cnnMin = cnnMinArch(input.project.space);
    subnets.random = tpiRandomSubnets(input.project.space, budget.randomSubnets);
    // Two tpi studies on one project would train into the same work folder.
    const FileLock lock = lockProjectJob(input.project.filePath, "study");
    TpiWorkFolder work(input.project, budget);

    StudyResult& r = run.result();
    describe(r, budget, subnets, input.project);
    std::vector<TpiUnit> units;
    for (std::uint64_t seed : settings.seedList())
      for (TpiRecipe recipe : tpiRecipesOf(budget)) units.push_back({seed, recipe});
    const std::size_t reused = static_cast<std::size_t>(
        std::count_if(units.begin(), units.end(), [&](const TpiUnit& u) { return work.finished(u.id()) != nullptr; }));
    r.notes.push_back("work folder: " + work.path() + " (" + std::to_string(reused) + " of " +
                      std::to_string(units.size()) +
                      " supernets already trained and measured there were reused; a cancelled study resumes "
                      "from it)");
    run.progress(0.0, "preparing",
                 std::to_string(units.size() - reused) + " supernets to train, " + std::to_string(reused) + " reused");
    fillTables(r, units, work, budget, subnets);
    run.publish();
    if (settings.seeds < 3)
      r.notes.push_back("fewer than 3 seeds: the 95 % intervals are very wide (2 seeds) or absent (1 seed)");
    trainAll(input, run, budget, subnets, units, work);
    fillTables(r, units, work, budget, subnets);
    r.notes.push_back(convergenceNote(*r.table("phase1"), budget));
  }

private:
  static void describe(StudyResult& r, const TpiBudget& b, const Subnets& s, const Project& project) {
    r.question =
        "Does two-phase incremental training (TPI: the CNN-only subspace first, then the whole space with ViT "
        "blocks) keep the small subnets as good as a CNN-only supernet's while keeping the hybrid gain at the "
        "top, where vanilla hybrid training hurts the small subnets (the seed's ImageNet table: CNN-only "
        "71.69 / 78.80, vanilla 71.35 / 79.91, TPI-unfreeze 72.14 / 79.25, TPI-freeze 72.20 / 79.78, min / max "
        "net top-1)? And is any gain from the ViT blocks or only from more epochs?";
    r.method =
        "Per seed, paired on that seed (same initial weights, data order and sampler): phase 1 trains the "
        "CNN-only subspace for " + std::to_string(b.phase1Epochs) +
        " epochs (the CNN-only row); from its weights, TPI-unfreeze, TPI-freeze and a CNN-only control each "
        "train " + std::to_string(b.phase2Epochs) +
        " more epochs with a fresh warm-up + cosine schedule; vanilla" +
        std::string(b.gradProjection ? " and vanilla + gradient projection" : "") + " train the whole space from "
        "scratch for " + std::to_string(b.phase1Epochs + b.phase2Epochs) + " epochs. Epochs of " +
        (b.stepsPerEpoch > 0 ? std::to_string(b.stepsPerEpoch) + " steps of " +
                                   std::to_string(project.data.batchSize) + " images"
                             : std::string("every training image")) +
        ", the project's optimiser and sandwich settings (" + std::to_string(project.training.sandwichRandom) +
        " random subnets per step besides max and min). Each supernet is then measured on the TEST split with "
        "BN statistics recalibrated per subnet (" + std::to_string(b.calibrationBatches) +
        " training batches): the max net, the CNN min net (the min net, no ViT block), the hybrid min net "
        "(the smallest subnet with the smallest non-zero ViT depth in every stage that allows one) and the "
        "mean of a fixed set of " + std::to_string(s.random.size()) +
        " random subnets of the whole space (" +
        (b.randomEvalBatches > 0 ? std::to_string(b.randomEvalBatches) + " test batches each" : "every test image") +
        "). CNN-only supernets have no trained ViT blocks: their random-subnet mean is over the same subnets with "
        "the ViT blocks removed, and their hybrid-min reference is their CNN min net. Differences are paired per "
        "seed; intervals are 95 % Student t intervals of the mean difference. Phase 1 is checked for "
        "convergence on the VALIDATION split: its max net must gain less than " +
        points(b.convergedGainPoints) + " points in its last epoch. Budget: " + b.name + ".";
  }

  /// "phase 1 converged by the rule on 2 of 3 seeds (last-epoch gains +0.12, +0.41, +0.05 points)".
  static std::string convergenceNote(const StudyTable& phase1, const TpiBudget& budget) {
    int converged = 0;
    std::string gains;
    for (std::size_t i = 0; i < phase1.rows.size(); ++i) {
      if (phase1.text(i, "converged") == "yes") ++converged;
      char g[32];
      std::snprintf(g, sizeof g, "%+.2f", phase1.number(i, "last_gain"));
      gains += (gains.empty() ? "" : ", ") + std::string(g);
    }
    return "phase 1 converged by the rule (validation gain of the max net in its last epoch < " +
           points(budget.convergedGainPoints) + " points) on " + std::to_string(converged) + " of " +
           std::to_string(phase1.rows.size()) + " seeds (last-epoch gains " + gains + " points)";
  }

  /// Trains and measures every unit not yet finished, `jobs` at once.
  static void trainAll(const StudyInput& input, StudyRun& run, const TpiBudget& budget, const Subnets& subnets,
                       const std::vector<TpiUnit>& units, TpiWorkFolder& work) {
    std::vector<TpiUnit> pending;
    std::set<std::string> done;
    double totalCost = 0.0, doneCost = 0.0;
    for (const TpiUnit& u : units) {
      totalCost += unitCost(u.recipe, budget);
      if (work.finished(u.id())) {
        done.insert(u.id());
        doneCost += unitCost(u.recipe, budget);
      } else {
        pending.push_back(u);
      }
    }
    std::stable_sort(pending.begin(), pending.end(), [](const TpiUnit& a, const TpiUnit& b) {
      return startPriority(a.recipe) < startPriority(b.recipe);
    });
    if (pending.empty()) return;
    const int cores = std::max(1u, std::thread::hardware_concurrency());
    const int jobs = std::max(1, std::min<int>(cores, static_cast<int>(pending.size())));
    const int threads = std::max(1, cores / jobs);

    std::mutex mutex;  // guards everything below and `work`
    std::condition_variable changed;
    std::map<std::string, double> runningFraction;  // unit id -> its own progress
    std::map<std::string, std::string> runningStage;
    std::string failure;
    bool failureIsInput = false;
    bool newResults = false;
    int finishedWorkers = 0;

    auto takeReady = [&]() -> std::optional<TpiUnit> {
      for (auto it = pending.begin(); it != pending.end(); ++it)
        if (!tpiRecipeContinues(it->recipe) || done.count(phase1Of(*it).id())) {
          TpiUnit u = *it;
          pending.erase(it);
          return u;
        }
      return std::nullopt;
    };
    auto worker = [&] {
      std::unique_lock<std::mutex> lock(mutex);
      while (true) {
        if (!failure.empty() || run.cancelled() || pending.empty()) break;
        std::optional<TpiUnit> unit = takeReady();
        if (!unit) {
          changed.wait_for(lock, std::chrono::milliseconds(500));
          continue;
        }
        runningFraction[unit->id()] = 0.0;
        lock.unlock();
        std::optional<TpiUnitResult> result;
        std::string problem;
        bool inputProblem = false;
        try {
          result = trainUnit(input, run, budget, subnets, *unit, work.unitFolder(*unit),
                             work.unitFolder(phase1Of(*unit)), threads, [&](double f, const std::string& stage) {
                               std::lock_guard<std::mutex> g(mutex);
                               runningFraction[unit->id()] = f;
                               runningStage[unit->id()] = stage;
                             });
        } catch (const JobCancelled&) {
        } catch (const InputError& e) {
          problem = unit->id() + ": " + e.what();
          inputProblem = true;
        } catch (const std::exception& e) {
          problem = unit->id() + ": " + e.what();
        }
        lock.lock();
        runningFraction.erase(unit->id());
        runningStage.erase(unit->id());
        if (result) {
          try {
            work.store(*result);
            done.insert(unit->id());
            doneCost += unitCost(unit->recipe, budget);
            newResults = true;
          } catch (const std::exception& e) {
            if (failure.empty()) failure = unit->id() + ": " + e.what();
          }
        } else if (!problem.empty() && failure.empty()) {
          failure = problem;
          failureIsInput = inputProblem;
        }
        changed.notify_all();
      }
      ++finishedWorkers;
      changed.notify_all();
    };

    std::vector<std::thread> pool;
    for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
    {
      // Progress and snapshots from the study's own thread.
      std::unique_lock<std::mutex> lock(mutex);
      while (finishedWorkers < jobs) {
        changed.wait_for(lock, std::chrono::seconds(1));
        double running = 0.0;
        std::string stage;
        for (const auto& [id, f] : runningFraction) {
          const TpiUnit u = unitOf(id, units);
          running += f * unitCost(u.recipe, budget);
          stage += (stage.empty() ? "" : ", ") + id + " " + runningStage[id];
        }
        const double fraction = std::min(1.0, (doneCost + running) / totalCost);
        const std::string message = std::to_string(done.size()) + " of " + std::to_string(units.size()) +
                                    " supernets done" + (stage.empty() ? "" : "; " + stage);
        const bool publish = newResults;
        newResults = false;
        if (publish) fillTables(run.result(), units, work, budget, subnets);  // reads `work`: under the lock
        lock.unlock();
        run.progress(fraction, "training", message);
        if (publish) run.publish();
        lock.lock();
      }
    }
    for (std::thread& t : pool) t.join();
    if (!failure.empty()) {
      if (failureIsInput) throw InputError(failure);
      throw std::runtime_error(failure);
    }
    run.throwIfCancelled();
  }

  static TpiUnit unitOf(const std::string& id, const std::vector<TpiUnit>& units) {
    for (const TpiUnit& u : units)
      if (u.id() == id) return u;
    return {};
  }

  /// Trains one unit (resuming its own checkpoint when a session was cut short), then
  /// measures its subnets. Throws JobCancelled when cancelled.
  static TpiUnitResult trainUnit(const StudyInput& input, StudyRun& run, const TpiBudget& budget,
                                 const Subnets& subnets, const TpiUnit& unit, const std::string& folder,
                                 const std::string& phase1Folder, int threads,
                                 const std::function<void(double, const std::string&)>& onProgress) {
    Project p = input.project;
    p.results = ProjectResults();
    p.training.recipe = tpiTrainerRecipe(unit.recipe);
    p.training.seed = unit.seed;
    p.data.seed = unit.seed;
    TrainerOptions options;
    options.phases = tpiPhases(unit.recipe, budget);
    options.artifactDir = folder;
    options.maxStepsPerEpoch = budget.stepsPerEpoch;
    options.evalBatches = unit.recipe == TpiRecipe::Phase1 ? budget.epochEvalBatches : budget.randomEvalBatches;
    options.evaluateOnValidation = true;
    if (tpiRecipeContinues(unit.recipe)) options.initialWeights = (fs::path(phase1Folder) / kSupernetFile).string();
    options.resume = hasCheckpoint(folder);

    const auto t0 = Clock::now();
    JobContext context(run.context().cancelToken(),
                       [&](const JobProgress& p) { onProgress(0.9 * p.fraction, p.stage); });
    const JobResult trained = input.training.train(p, options, threads, context);
    if (trained.status == JobStatus::Cancelled) throw JobCancelled();
    if (trained.status == JobStatus::Failed) throw std::runtime_error(trained.message);
    TpiUnitResult out;
    out.id = unit.id();
    out.seed = unit.seed;
    out.recipe = tpiRecipeId(unit.recipe);
    out.startedFrom = options.initialWeights;
    out.trainSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (trained.data.contains("run")) {
      ErrorList errors;
      const RunRecord record = RunRecord::fromJson(trained.data["run"], "run", errors);
      out.imagesPerSecond = record.imagesPerSecond;
      for (const RunEpoch& e : record.epochs) {
        out.epochMax.push_back(100.0 * e.maxTop1);
        out.epochMin.push_back(100.0 * e.minTop1);
      }
    }

    onProgress(0.9, "measuring");
    const auto t1 = Clock::now();
    const std::string weights = (fs::path(folder) / kSupernetFile).string();
    const bool hybrid = tpiRecipeIsHybrid(unit.recipe);
    std::vector<Arch> extremes{hybrid ? subnets.maxHybrid : subnets.maxCnn, subnets.cnnMin};
    if (hybrid) extremes.push_back(subnets.hybridMin);
    std::vector<Arch> random = subnets.random;
    if (!hybrid)
      for (Arch& a : random) a = restrictCnnOnly(a);
    const std::vector<double> top = input.training.measureOnTest(p, weights, extremes, budget.extremeEvalBatches,
                                                                 budget.calibrationBatches,
                                                                 threads, context);
    const std::vector<double> rand = input.training.measureOnTest(p, weights, random, budget.randomEvalBatches,
                                                                  budget.calibrationBatches, threads, context);
    out.maxNet = 100.0 * top[0];
    out.cnnMin = 100.0 * top[1];
    out.hybridMin = hybrid ? 100.0 * top[2] : nan();
    double sum = 0.0;
    for (double v : rand) {
      out.random.push_back(100.0 * v);
      sum += 100.0 * v;
    }
    out.randomMean = rand.empty() ? nan() : sum / static_cast<double>(rand.size());
    out.measureSeconds = std::chrono::duration<double>(Clock::now() - t1).count();
    return out;
  }

  /// The finished units of `recipe`, one per seed in seed order (seeds not finished skipped).
  static std::vector<const TpiUnitResult*> unitsOf(TpiRecipe recipe, const std::vector<TpiUnit>& units,
                                                   const TpiWorkFolder& work) {
    std::vector<const TpiUnitResult*> out;
    for (const TpiUnit& u : units)
      if (u.recipe == recipe)
        if (const TpiUnitResult* res = work.finished(u.id())) out.push_back(res);
    return out;
  }

  static void fillTables(StudyResult& r, const std::vector<TpiUnit>& units, const TpiWorkFolder& work,
                         const TpiBudget& budget, const Subnets& subnets) {
    r.tables.clear();
    r.plots.clear();
    r.headlines.clear();
    const std::vector<TpiRecipe> recipes = tpiRecipesOf(budget);

    StudyTable main{"tpi", "Test top-1 (%), mean and standard deviation over seeds", {{"recipe", ""}, {"seeds", ""}},
                    {}, {}};
    for (const Column& c : kColumns) {
      main.columns.push_back({c.name, "%"});
      main.columns.push_back({std::string(c.name) + "_sd", "%"});
    }
    for (TpiRecipe recipe : recipes) {
      const auto got = unitsOf(recipe, units, work);
      std::vector<StudyCell> row{tpiRecipeLabel(recipe, budget), static_cast<double>(got.size())};
      for (const Column& c : kColumns) {
        const SampleSummary s = summarise(collect(got, c.value));
        row.push_back(s.mean);
        row.push_back(s.sd);
      }
      main.rows.push_back(row);
    }
    main.notes.push_back("CNN-only rows: max net = the CNN max net; random-subnet mean over the same " +
                         std::to_string(subnets.random.size()) +
                         " subnets with their ViT blocks removed; no hybrid min net (their ViT blocks are untrained).");
    r.tables.push_back(main);

    // Paired differences: per seed, recipe minus reference.
    StudyTable paired{"paired",
                      "Paired differences (percentage points) with 95 % confidence intervals",
                      {{"recipe", ""}, {"reference", ""}, {"column", ""}, {"difference", "pts"}, {"ci_low", "pts"},
                       {"ci_high", "pts"}, {"seeds", ""}},
                      {},
                      {"An interval that excludes 0 is a difference the seeds agree on; hybrid min net against a "
                       "CNN-only reference compares with its CNN min net."}};
    StudyPlot plot{"paired", "Difference to CNN-only (phase 1), mean over seeds", StudyPlotKind::Bars, "",
                   "test top-1 difference (points)", {}, 10, {}, {}};
    for (const Column& c : kColumns) plot.series.push_back({c.label, {}, {}});
    plot.series.push_back({"seed paper, min net", {}, {}});
    plot.series.push_back({"seed paper, max net", {}, {}});
    for (TpiRecipe reference : {TpiRecipe::Phase1, TpiRecipe::CnnControl}) {
      for (TpiRecipe recipe : recipes) {
        if (recipe == reference || recipe == TpiRecipe::Phase1) continue;
        if (reference == TpiRecipe::CnnControl && !tpiRecipeIsHybrid(recipe)) continue;
        if (reference == TpiRecipe::Phase1) plot.categories.push_back(tpiRecipeId(recipe));
        for (std::size_t k = 0; k < std::size(kColumns); ++k) {
          const Column& c = kColumns[k];
          if (!tpiRecipeIsHybrid(recipe) && c.value == &TpiUnitResult::hybridMin) {
            if (reference == TpiRecipe::Phase1) plot.series[k].y.push_back(nan());
            continue;
          }
          std::vector<double> diffs;
          for (const TpiUnit& u : units) {
            if (u.recipe != recipe) continue;
            const TpiUnitResult* a = work.finished(u.id());
            const TpiUnitResult* b = work.finished(TpiUnit{u.seed, reference}.id());
            if (a && b) diffs.push_back(a->*c.value - referenceValue(*b, c));
          }
          const SampleSummary s = summarise(diffs);
          paired.rows.push_back({tpiRecipeLabel(recipe, budget), tpiRecipeLabel(reference, budget),
                                 std::string(c.label), s.mean, s.ciLow, s.ciHigh, static_cast<double>(s.n)});
          if (reference == TpiRecipe::Phase1) plot.series[k].y.push_back(s.mean);
        }
        if (reference == TpiRecipe::Phase1) {
          double seedMin = nan(), seedMax = nan();
          for (const SeedRow& seed : kSeedRows)
            if (seed.recipe == recipe) {
              seedMin = seed.minNet - kSeedCnnMin;
              seedMax = seed.maxNet - kSeedCnnMax;
            }
          plot.series[std::size(kColumns)].y.push_back(seedMin);
          plot.series[std::size(kColumns) + 1].y.push_back(seedMax);
        }
      }
    }
    r.tables.push_back(paired);
    r.plots.push_back(plot);
    addHeadlines(r, paired, budget);

    // Phase 1's convergence, per seed.
    StudyTable phase1{"phase1",
                      "Phase 1 (CNN-only subspace) on the validation split, per seed",
                      {{"seed", ""}, {"epochs", ""}, {"max_net", "%"}, {"min_net", "%"}, {"last_gain", "pts"},
                       {"converged", ""}},
                      {},
                      {"converged: the max net gained less than " + points(budget.convergedGainPoints) +
                       " points in the last epoch (needs at least 2 epochs)."}};
    StudyPlot curve{"phase1", "Phase 1: max net on the validation split per epoch", StudyPlotKind::Line, "epoch",
                    "validation top-1 (%)", {}, 10, {}, {}};
    for (const TpiUnitResult* u : unitsOf(TpiRecipe::Phase1, units, work)) {
      const std::size_t n = u->epochMax.size();
      const double gain = n >= 2 ? u->epochMax[n - 1] - u->epochMax[n - 2] : nan();
      const char* verdict = std::isnan(gain) ? "unknown" : gain < budget.convergedGainPoints ? "yes" : "no";
      phase1.rows.push_back({static_cast<double>(u->seed), static_cast<double>(n), n ? u->epochMax.back() : nan(),
                             n ? u->epochMin.back() : nan(), gain, std::string(verdict)});
      StudyPlotSeries series{"seed " + std::to_string(u->seed), {}, u->epochMax};
      for (std::size_t e = 0; e < n; ++e) series.x.push_back(static_cast<double>(e + 1));
      curve.series.push_back(series);
    }
    r.tables.push_back(phase1);
    r.plots.push_back(curve);

    // Every supernet.
    StudyTable seeds{"supernets",
                     "Every supernet: test top-1 (%) and cost",
                     {{"seed", ""}, {"recipe", ""}, {"max_net", "%"}, {"cnn_min", "%"}, {"hybrid_min", "%"},
                      {"random_mean", "%"}, {"train", "s"}, {"measure", "s"}, {"images_per_s", ""}},
                     {},
                     {"train/measure: this session's wall time (0 for a supernet reused from an earlier session)."}};
    for (const TpiUnit& u : units)
      if (const TpiUnitResult* res = work.finished(u.id()))
        seeds.rows.push_back({static_cast<double>(u.seed), std::string(tpiRecipeId(u.recipe)), res->maxNet, res->cnnMin,
                              res->hybridMin, res->randomMean, res->trainSeconds, res->measureSeconds,
                              res->imagesPerSecond});
    r.tables.push_back(seeds);
  }

  static void addHeadlines(StudyResult& r, const StudyTable& paired, const TpiBudget& budget) {
    const std::string reference = tpiRecipeLabel(TpiRecipe::Phase1, budget);
    for (const SeedRow& seed : kSeedRows)
      for (const char* column : {"hybrid min net", "max net"}) {
        const bool min = std::string(column) == "hybrid min net";
        double value = nan();
        for (std::size_t i = 0; i < paired.rows.size(); ++i)
          if (paired.text(i, "recipe") == tpiRecipeLabel(seed.recipe, budget) &&
              paired.text(i, "reference") == reference && paired.text(i, "column") == column)
            value = paired.number(i, "difference");
        r.headlines.push_back({std::string(tpiRecipeId(seed.recipe)) + " - CNN-only, " + column + " top-1", value,
                               "pts", min ? seed.minNet - kSeedCnnMin : seed.maxNet - kSeedCnnMax});
      }
  }
};

}  // namespace

std::unique_ptr<Study> makeTpiStudy() { return std::make_unique<TpiStudy>(); }

}  // namespace h4h
