// The `compute-units` study (the seed's Finding II): compute units per CIM macro swept
// over {1, 2, 4, 8}, 1 being current products. The system's speed-up and energy
// improvement over the 1-unit system, on the archs found under 1 unit (the same archs
// re-evaluated) and on archs re-searched under each setting.

#include <cmath>

#include "eval/eval_context.h"
#include "study/hardware_variants.h"
#include "study/seed_figures.h"
#include "study/studies.h"
#include "study/study_archs.h"

namespace h4h {

namespace {

constexpr int kUnits[] = {1, 2, 4, 8};
constexpr std::size_t kSettings = sizeof kUnits / sizeof kUnits[0];

double nan() { return std::nan(""); }

Project withUnits(const Project& project, int units) {
  Project p = project;
  p.hardware = withComputeUnitsPerMacro(p.hardware, units);
  return p;
}

constexpr const char* kFound = "found at 1 unit";
constexpr const char* kSampled = "sampled";
constexpr const char* kResearched = "re-searched";

StudyTable unitsTable() {
  StudyTable t;
  t.name = "compute_units";
  t.title = "Compute units per CIM macro: the NPU+CIM system over the 1-unit system";
  t.columns = {{"archs", ""},
               {"units_per_macro", ""},
               {"count", ""},
               {"latency", "ms"},
               {"period", "ms"},
               {"energy", "mJ"},
               {"speed_up_avg", "%"},
               {"speed_up_best", "%"},
               {"period_reduction_avg", "%"},
               {"energy_improvement_avg", "%"},
               {"energy_improvement_best", "%"},
               {"latency_reduction_vs_npu_avg", "%"}};
  t.notes.push_back("speed-up and energy improvement: percent lower latency / energy of the NPU+CIM system than "
                    "with 1 unit. `found at 1 unit` and `sampled`: the same archs under every setting, per arch, "
                    "then averaged (best = the largest); latency, period, energy: averages. `re-searched`: a new "
                    "front per setting, so only the best designs compare: best = the front's lowest latency "
                    "(energy) against the 1-unit front's");
  return t;
}

/// A row on the same archs under every setting: per-arch improvements of `at` over `one`.
void addSameArchRow(StudyTable& t, const char* set, int units, const std::vector<ArchSystems>& one,
                    const std::vector<ArchSystems>& at) {
  const auto hetero = StudySystem::Hetero;
  const ImprovementStats lat = variantImprovement(one, at, hetero, StudyCost::Latency);
  const ImprovementStats per = variantImprovement(one, at, hetero, StudyCost::Period);
  const ImprovementStats en = variantImprovement(one, at, hetero, StudyCost::Energy);
  int feasible = 0;
  for (const auto& a : at) feasible += a.of(hetero).feasible;
  t.rows.push_back({std::string(set), double(units), double(feasible), averageCost(at, hetero, StudyCost::Latency),
                    averageCost(at, hetero, StudyCost::Period), averageCost(at, hetero, StudyCost::Energy),
                    lat.average, lat.best, per.average, en.average, en.best,
                    improvementOverNpu(at, hetero, StudyCost::Latency).average});
}

/// A row on the front re-searched at `units`: its best designs against the 1-unit front's.
void addResearchedRow(StudyTable& t, int units, const std::vector<ArchSystems>& one, const std::vector<ArchSystems>& at) {
  const auto hetero = StudySystem::Hetero;
  const auto lowest = [hetero](const std::vector<ArchSystems>& a, StudyCost c) { return lowestCost(a, hetero, c); };
  int feasible = 0;
  for (const auto& a : at) feasible += a.of(hetero).feasible;
  t.rows.push_back({std::string(kResearched), double(units), double(feasible),
                    averageCost(at, hetero, StudyCost::Latency), averageCost(at, hetero, StudyCost::Period),
                    averageCost(at, hetero, StudyCost::Energy), nan(),
                    improvementPct(lowest(one, StudyCost::Latency), lowest(at, StudyCost::Latency)), nan(), nan(),
                    improvementPct(lowest(one, StudyCost::Energy), lowest(at, StudyCost::Energy)),
                    improvementOverNpu(at, hetero, StudyCost::Latency).average});
}

StudyPlot unitsPlot() {
  StudyPlot p{"compute_units", "NPU+CIM system over the 1-unit system", StudyPlotKind::Line,
              "compute units per CIM macro", "improvement over 1 unit (%)", {}, 10, {},
              {{"seed speed-up 10.1 %", seed::kComputeUnitsSpeedUp}, {"seed energy 9.34 %", seed::kComputeUnitsEnergy}}};
  for (const char* set : {kFound, kSampled})
    for (const char* what : {"speed-up avg, ", "energy avg, "}) p.series.push_back({what + std::string(set), {}, {}});
  p.series.push_back({"speed-up best, re-searched", {}, {}});
  p.series.push_back({"energy best, re-searched", {}, {}});
  return p;
}

/// The plot's points of the rows just added for one setting (found, sampled, re-searched).
void plotSetting(StudyPlot& p, const StudyTable& t, int units) {
  const std::size_t found = t.rows.size() - 3, sampled = found + 1, researched = found + 2;
  for (auto& s : p.series) s.x.push_back(units);
  p.series[0].y.push_back(t.number(found, "speed_up_avg"));
  p.series[1].y.push_back(t.number(found, "energy_improvement_avg"));
  p.series[2].y.push_back(t.number(sampled, "speed_up_avg"));
  p.series[3].y.push_back(t.number(sampled, "energy_improvement_avg"));
  p.series[4].y.push_back(t.number(researched, "speed_up_best"));
  p.series[5].y.push_back(t.number(researched, "energy_improvement_best"));
}

/// Headlines: the seed does not say how many units; 4 (the old preset's default) and 8
/// are reported beside its figures.
void addHeadlines(StudyResult& r) {
  const StudyTable& t = *r.table("compute_units");
  for (std::size_t row = 0; row < t.rows.size(); ++row) {
    const double units = t.number(row, "units_per_macro");
    if (units != 4 && units != 8) continue;
    const std::string set = t.text(row, "archs");
    const bool best = set == kResearched;
    const std::string at = std::to_string(int(units)) + " units, " + set + (best ? " (best)" : "");
    r.headlines.push_back({"speed-up over 1 unit, " + at, t.number(row, best ? "speed_up_best" : "speed_up_avg"),
                           "%", seed::kComputeUnitsSpeedUp});
    r.headlines.push_back({"energy improvement over 1 unit, " + at,
                           t.number(row, best ? "energy_improvement_best" : "energy_improvement_avg"), "%",
                           seed::kComputeUnitsEnergy});
  }
}

class ComputeUnitsStudy : public Study {
public:
  std::string name() const override { return "compute-units"; }
  std::string title() const override { return "compute units per CIM macro swept over 1, 2, 4, 8"; }

  void run(const StudyInput& input, StudyRun& run) const override {
    const Project& project = input.project;
    const StudySettings& settings = input.settings;
    const std::vector<std::uint64_t> seeds = settings.seedList();
    StudyResult& r = run.result();
    r.question = "Current CIM macro products have one compute unit per macro. How much faster and more "
                 "energy-efficient is the NPU+CIM system when several units share each weight read of a "
                 "macro (the seed paper: +10.1 % speed-up, +9.34 % energy improvement)?";
    r.method = "The project's hardware with hardware.cim.compute_units_per_macro set to 1, 2, 4 and 8, all else "
               "fixed. `found at 1 unit`: the feasible fronts of the project's search under 1 unit (one search "
               "per seed, united) re-evaluated under each setting; `sampled`: " +
               std::to_string(studySampleSize(settings)) +
               " archs per seed drawn as `h4h schedule --sample` draws them, re-evaluated likewise; "
               "`re-searched`: the search repeated under each setting with the same seeds. Latency is the "
               "single-frame latency of the exact NPU/CIM assignment, period that of a pipelined schedule of " +
               std::to_string(kStudyFrames) + " frames.";
    r.tables.push_back(unitsTable());
    r.plots.push_back(unitsPlot());

    std::vector<Arch> sampled;
    for (std::uint64_t s : seeds) {
      const std::vector<Arch> drawn = sampleArchs(project.space, studySampleSize(settings), s);
      sampled.insert(sampled.end(), drawn.begin(), drawn.end());
    }
    // Each setting owns 1/kSettings of the progress: its searches 80 %, evaluations the rest.
    const double perSetting = 1.0 / kSettings, perSearch = 0.8 * perSetting / seeds.size();
    std::vector<Arch> foundAtOne;
    std::vector<ArchSystems> foundBase, sampledBase, researchedBase;
    for (std::size_t u = 0; u < kSettings; ++u) {
      const Project variant = withUnits(project, kUnits[u]);
      std::vector<FoundFront> found;
      for (std::size_t i = 0; i < seeds.size(); ++i) {
        const double from = perSetting * double(u) + perSearch * double(i);
        found.push_back(searchFront(variant, studySearch(settings, seeds[i]), input.accuracy, run.context(), from,
                                    from + perSearch));
      }
      const std::vector<Arch> front = unionOfFronts(found);
      if (u == 0) {
        foundAtOne = front;
        for (const std::string& n : searchNotes(found.front())) r.notes.push_back(n);
      }
      run.progress(perSetting * (double(u) + 0.8), std::to_string(kUnits[u]) + " unit(s): evaluating");
      const EvalContext context = evalContextFor(variant);
      const std::vector<ArchSystems> onFound = evaluateEach(context, foundAtOne, run.context());
      const std::vector<ArchSystems> onSample = evaluateEach(context, sampled, run.context());
      const std::vector<ArchSystems> onFront = evaluateEach(context, front, run.context());
      if (u == 0) foundBase = onFound, sampledBase = onSample, researchedBase = onFront;
      StudyTable& t = *r.table("compute_units");
      addSameArchRow(t, kFound, kUnits[u], foundBase, onFound);
      addSameArchRow(t, kSampled, kUnits[u], sampledBase, onSample);
      addResearchedRow(t, kUnits[u], researchedBase, onFront);
      plotSetting(r.plots.back(), t, kUnits[u]);
      r.notes.push_back(std::to_string(kUnits[u]) + " unit(s): " + std::to_string(front.size()) +
                        " feasible front archs");
      run.progress(perSetting * double(u + 1), std::to_string(kUnits[u]) + " unit(s) done");
      run.publish();
    }
    r.table("compute_units")
        ->rows.push_back({std::string("seed paper (multiple units)"), nan(), nan(), nan(), nan(), nan(),
                          seed::kComputeUnitsSpeedUp, nan(), nan(), seed::kComputeUnitsEnergy, nan(), nan()});
    addHeadlines(r);
  }
};

}  // namespace

std::unique_ptr<Study> makeComputeUnitsStudy() { return std::make_unique<ComputeUnitsStudy>(); }

}  // namespace h4h
