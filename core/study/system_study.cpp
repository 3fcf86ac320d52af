// The `system` study: NPU+CIM against NPU-only (and CIM-only, greedy) on a seeded sample
// of the space and on the feasible front of the project's search, as the seed paper
// reports it (average and best reduction of latency and energy), with the pipelined
// period beside the sequential latency, and ablation rows that change one modelling
// choice each to show how much of the gap to the seed's figures it accounts for.

#include <algorithm>
#include <cmath>
#include <variant>

#include "eval/eval_context.h"
#include "study/hardware_variants.h"
#include "study/seed_figures.h"
#include "study/studies.h"
#include "study/study_archs.h"

namespace h4h {

namespace {

constexpr StudyCost kCosts[] = {StudyCost::Latency, StudyCost::Period, StudyCost::Energy};

struct ArchSet {
  std::string name;  ///< "found" or "sampled"
  std::vector<Arch> archs;
};

/// Progress of the study as a whole: a stage owns [from, to).
struct Span {
  double from, to;
  double at(double f) const { return from + (to - from) * f; }
};

std::vector<ArchSystems> evaluateAll(const EvalContext& context, const std::vector<Arch>& archs, StudyRun& run,
                                     Span span, const std::string& stage) {
  return evaluateEach(context, archs, run.context(), [&](std::size_t done, std::size_t total) {
    run.progress(span.at(double(done) / total), stage, std::to_string(done) + "/" + std::to_string(total) + " archs");
  });
}

double nan() { return std::nan(""); }

StudyTable systemsTable() {
  StudyTable t;
  t.name = "systems";
  t.title = "Systems over NPU-only (reduction: positive = lower cost than NPU-only)";
  t.columns = {{"set", ""},
               {"system", ""},
               {"archs", ""},
               {"latency", "ms"},
               {"period", "ms"},
               {"energy", "mJ"},
               {"layers_on_cim", "%"},
               {"latency_reduction_avg", "%"},
               {"latency_reduction_best", "%"},
               {"period_reduction_avg", "%"},
               {"period_reduction_best", "%"},
               {"energy_reduction_avg", "%"},
               {"energy_reduction_best", "%"}};
  return t;
}

void addSystemRows(StudyTable& t, const std::string& set, const std::vector<ArchSystems>& archs) {
  for (StudySystem system : kStudySystems) {
    std::vector<StudyCell> row{set, studySystemLabel(system)};
    int feasible = 0;
    for (const auto& a : archs) feasible += a.of(system).feasible;
    row.push_back(double(feasible));
    for (StudyCost c : kCosts) row.push_back(averageCost(archs, system, c));
    double onCim = nan();
    if (system == StudySystem::Hetero) {
      long long layers = 0, cim = 0;
      for (const auto& a : archs)
        if (a.of(system).feasible) layers += a.layers, cim += a.cimLayers;
      if (layers > 0) onCim = 100.0 * cim / layers;
    }
    row.push_back(onCim);
    for (StudyCost c : kCosts) {
      const ImprovementStats s = improvementOverNpu(archs, system, c);
      row.push_back(s.average);
      row.push_back(s.best);
    }
    t.rows.push_back(std::move(row));
  }
}

void addSeedRow(StudyTable& t) {
  t.rows.push_back({std::string("seed paper (found archs)"), std::string("NPU+CIM"), nan(), nan(), nan(), nan(),
                    nan(), seed::kLatencyReductionAvg, seed::kLatencyReductionBest, nan(), nan(),
                    seed::kEnergyReductionAvg, seed::kEnergyReductionBest});
}

StudyTable ablationTable() {
  StudyTable t;
  t.name = "ablations";
  t.title = "Ablations: NPU+CIM over NPU-only with one modelling choice changed (same archs)";
  t.columns = {{"set", ""},
               {"ablation", ""},
               {"change", ""},
               {"latency_reduction_avg", "%"},
               {"latency_reduction_best", "%"},
               {"period_reduction_avg", "%"},
               {"energy_reduction_avg", "%"},
               {"energy_reduction_best", "%"},
               {"latency_delta", "pp"},
               {"latency_gap_share", "%"},
               {"energy_delta", "pp"},
               {"energy_gap_share", "%"}};
  t.notes.push_back("delta: the row's average reduction minus the baseline's (percentage points); gap share: "
                    "delta / (seed average - baseline average), the part of the gap to the seed's figure "
                    "(latency 21.9 %, energy 19.2 %) that the change accounts for; negative = it widens the gap");
  return t;
}

/// Baseline average reductions of one set, to measure deltas against.
struct Baseline {
  double latency = nan(), energy = nan();
};

double gapShare(double delta, double seedValue, double base) {
  const double gap = seedValue - base;
  if (!std::isfinite(delta) || !std::isfinite(gap) || std::fabs(gap) < 1e-9) return nan();
  return 100.0 * delta / gap;
}

void addAblationRow(StudyTable& t, const std::string& set, const std::string& name, const std::string& change,
                    const std::vector<ArchSystems>& archs, const Baseline& base) {
  const ImprovementStats lat = improvementOverNpu(archs, StudySystem::Hetero, StudyCost::Latency);
  const ImprovementStats per = improvementOverNpu(archs, StudySystem::Hetero, StudyCost::Period);
  const ImprovementStats en = improvementOverNpu(archs, StudySystem::Hetero, StudyCost::Energy);
  const double dl = lat.average - base.latency, de = en.average - base.energy;
  t.rows.push_back({set, name, change, lat.average, lat.best, per.average, en.average, en.best, dl,
                    gapShare(dl, seed::kLatencyReductionAvg, base.latency), de,
                    gapShare(de, seed::kEnergyReductionAvg, base.energy)});
}

StudyPlot reductionPlot() {
  StudyPlot p;
  p.name = "reductions";
  p.title = "NPU+CIM over NPU-only";
  p.kind = StudyPlotKind::Bars;
  p.yLabel = "reduction vs NPU-only (%)";
  p.categories = {"latency avg", "latency best", "period avg", "period best", "energy avg", "energy best"};
  return p;
}

StudyPlotSeries reductionSeries(const std::string& name, const std::vector<ArchSystems>& archs) {
  StudyPlotSeries s{name, {}, {}};
  for (StudyCost c : kCosts) {
    const ImprovementStats st = improvementOverNpu(archs, StudySystem::Hetero, c);
    s.y.push_back(st.average);
    s.y.push_back(st.best);
  }
  return s;
}

StudyPlotSeries perArchSeries(const std::string& name, const std::vector<ArchSystems>& archs) {
  StudyPlotSeries s{name, {}, {}};
  for (const auto& a : archs) {
    s.x.push_back(a.of(StudySystem::NpuOnly).latencyMs);
    s.y.push_back(improvementPct(a.of(StudySystem::NpuOnly).latencyMs, a.of(StudySystem::Hetero).latencyMs));
  }
  return s;
}

void addHeadlines(StudyResult& r, const std::string& setLabel, const std::vector<ArchSystems>& archs, bool withSeed) {
  const auto add = [&](const std::string& what, double value, double seedValue) {
    r.headlines.push_back({what + ", " + setLabel, value, "%", withSeed ? seedValue : nan()});
  };
  const ImprovementStats lat = improvementOverNpu(archs, StudySystem::Hetero, StudyCost::Latency);
  const ImprovementStats per = improvementOverNpu(archs, StudySystem::Hetero, StudyCost::Period);
  const ImprovementStats en = improvementOverNpu(archs, StudySystem::Hetero, StudyCost::Energy);
  add("latency reduction, average", lat.average, seed::kLatencyReductionAvg);
  add("latency reduction, best", lat.best, seed::kLatencyReductionBest);
  add("period reduction (throughput), average", per.average, nan());
  add("period reduction (throughput), best", per.best, nan());
  add("energy reduction, average", en.average, seed::kEnergyReductionAvg);
  add("energy reduction, best", en.best, seed::kEnergyReductionBest);
}

class SystemStudy : public Study {
public:
  std::string name() const override { return "system"; }
  std::string title() const override {
    return "NPU+CIM vs NPU-only on sampled and found archs, with ablations";
  }

  void run(const StudyInput& input, StudyRun& run) const override {
    const Project& project = input.project;
    const StudySettings& settings = input.settings;
    StudyResult& r = run.result();
    r.question =
        "How much lower are latency, pipelined period (1 / throughput) and energy when a network runs on "
        "the NPU and the CIM together than on the NPU alone, and which modelling choices make the "
        "difference to the seed paper's -21.9 % / -56.1 % latency and -19.2 % / -41.8 % energy?";
    const EvalContext base = evalContextFor(project);
    r.method = "Each arch is evaluated once per hardware by the evaluation pipeline at Full depth: exact "
               "NPU/CIM assignment under the project's schedule objective (" +
               std::string(objectiveName(base.objective)) +
               ") beside the NPU-only, CIM-only and greedy baselines, and pipelined schedules of " +
               std::to_string(kStudyFrames) +
               " frames. Two arch sets: `found`, the feasible front of the project's search (its objectives "
               "and budgets; one search per seed, fronts united), and `sampled`, " +
               std::to_string(studySampleSize(settings)) +
               " archs per seed drawn uniformly as `h4h schedule --sample` draws them. Reductions are per arch, "
               "then averaged; best = the largest. Ablation rows re-evaluate the same archs with one "
               "HardwareConfig field changed.";

    // 1. Searches, one per seed.
    const std::vector<std::uint64_t> seeds = settings.seedList();
    std::vector<FoundFront> fronts;
    const Span searches{0.0, 0.4};
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      fronts.push_back(searchFront(project, studySearch(settings, seeds[i]), input.accuracy, run.context(),
                                   searches.at(double(i) / seeds.size()), searches.at(double(i + 1) / seeds.size())));
    }
    std::vector<ArchSet> sets{{"found", unionOfFronts(fronts)}, {"sampled", {}}};
    for (std::uint64_t s : seeds) {
      const std::vector<Arch> drawn = sampleArchs(project.space, studySampleSize(settings), s);
      sets[1].archs.insert(sets[1].archs.end(), drawn.begin(), drawn.end());
    }
    std::string objectives;
    for (const auto& o : fronts.front().objectives) objectives += (objectives.empty() ? "" : ", ") + o;
    int evaluations = 0;
    for (const auto& f : fronts) evaluations += f.evaluations;
    r.notes.push_back("found: " + std::to_string(sets[0].archs.size()) + " feasible front archs from " +
                      std::to_string(seeds.size()) + " search(es) (objectives " + objectives + ", " +
                      std::to_string(evaluations) + " archs measured)");
    for (const std::string& n : searchNotes(fronts.front())) r.notes.push_back(n);

    // 2. The project's hardware: the systems table.
    r.tables.push_back(systemsTable());
    std::vector<std::vector<ArchSystems>> baseline;
    const Span baseSpan{0.4, 0.5};
    for (std::size_t k = 0; k < sets.size(); ++k) {
      baseline.push_back(evaluateAll(base, sets[k].archs, run,
                                     {baseSpan.at(double(k) / sets.size()), baseSpan.at(double(k + 1) / sets.size())},
                                     "evaluate " + sets[k].name));
      addSystemRows(*r.table("systems"), sets[k].name, baseline.back());
      run.publish();
    }
    addSeedRow(*r.table("systems"));
    addHeadlines(r, "found archs", baseline[0], true);
    addHeadlines(r, "sampled archs", baseline[1], false);
    StudyPlot reductions = reductionPlot();
    reductions.series = {reductionSeries("found archs", baseline[0]), reductionSeries("sampled archs", baseline[1]),
                         {"seed paper", {}, {seed::kLatencyReductionAvg, seed::kLatencyReductionBest, nan(), nan(),
                                             seed::kEnergyReductionAvg, seed::kEnergyReductionBest}}};
    r.plots.push_back(reductions);
    StudyPlot perArch{"per_arch", "Latency reduction per arch", StudyPlotKind::Scatter, "NPU-only latency (ms)",
                      "NPU+CIM latency reduction (%)", {}, 10,
                      {perArchSeries("found archs", baseline[0]), perArchSeries("sampled archs", baseline[1])}, {}};
    perArch.references.push_back({"seed average 21.9 %", seed::kLatencyReductionAvg});
    r.plots.push_back(perArch);
    run.publish();

    // 3. Ablations: the same archs, one HardwareConfig field changed.
    std::vector<HardwareVariant> variants = systemAblations(project.hardware);
    variants.push_back(combinedCimAblation(project.hardware));
    r.tables.push_back(ablationTable());
    std::vector<Baseline> bases;
    for (std::size_t k = 0; k < sets.size(); ++k) {
      bases.push_back({improvementOverNpu(baseline[k], StudySystem::Hetero, StudyCost::Latency).average,
                       improvementOverNpu(baseline[k], StudySystem::Hetero, StudyCost::Energy).average});
      addAblationRow(*r.table("ablations"), sets[k].name, "baseline (project hardware)", "", baseline[k], bases[k]);
    }
    StudyPlot ablations{"ablations", "Ablations on the found archs: NPU+CIM over NPU-only", StudyPlotKind::Bars, "",
                        "average reduction vs NPU-only (%)", {"baseline"}, 10,
                        {{"latency", {}, {bases[0].latency}}, {"energy", {}, {bases[0].energy}}},
                        {{"seed latency 21.9 %", seed::kLatencyReductionAvg},
                         {"seed energy 19.2 %", seed::kEnergyReductionAvg}}};
    r.plots.push_back(ablations);
    run.publish();
    const Span ablationSpan{0.5, 1.0};
    for (std::size_t v = 0; v < variants.size(); ++v) {
      EvalContext context = base;
      context.hardware = variants[v].hardware;
      std::vector<std::vector<ArchSystems>> evaluated;
      for (std::size_t k = 0; k < sets.size(); ++k) {
        const double step = 1.0 / (variants.size() * sets.size());
        const double at = double(v * sets.size() + k) * step;
        evaluated.push_back(evaluateAll(context, sets[k].archs, run, {ablationSpan.at(at), ablationSpan.at(at + step)},
                                        variants[v].name + " (" + sets[k].name + ")"));
      }
      StudyTable& t = *r.table("ablations");
      for (std::size_t k = 0; k < sets.size(); ++k)
        addAblationRow(t, sets[k].name, variants[v].name, variants[v].change, evaluated[k], bases[k]);
      StudyPlot& plot = r.plots.back();
      plot.categories.push_back(variants[v].name);
      plot.series[0].y.push_back(improvementOverNpu(evaluated[0], StudySystem::Hetero, StudyCost::Latency).average);
      plot.series[1].y.push_back(improvementOverNpu(evaluated[0], StudySystem::Hetero, StudyCost::Energy).average);
      run.publish();
    }
    sortAblationRowsBySet(*r.table("ablations"));
  }

private:
  /// Rows grouped by set (found first), each group in ablation order.
  static void sortAblationRowsBySet(StudyTable& t) {
    std::stable_sort(t.rows.begin(), t.rows.end(), [](const auto& a, const auto& b) {
      return std::get<std::string>(a[0]) == "found" && std::get<std::string>(b[0]) != "found";
    });
  }
};

}  // namespace

std::unique_ptr<Study> makeSystemStudy() { return std::make_unique<SystemStudy>(); }

}  // namespace h4h
