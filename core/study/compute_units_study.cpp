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

struct Plan {
  int population = 0;  ///< 0 = the project's
  int generations = 0;
};

Plan planFor(const StudySettings& s) { return s.quick ? Plan{8, 2} : Plan{}; }

double nan() { return std::nan(""); }

Project withUnits(const Project& project, int units) {
  Project p = project;
  p.hardware = withComputeUnitsPerMacro(p.hardware, units);
  return p;
}

std::vector<ArchSystems> evaluateAll(const EvalContext& context, const std::vector<Arch>& archs, StudyRun& run) {
  std::vector<ArchSystems> out;
  ArchEvaluation scratch;
  for (const Arch& a : archs) {
    run.throwIfCancelled();
    out.push_back(evaluateSystems(context, a, scratch));
  }
  return out;
}

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
  t.notes.push_back("speed-up and energy improvement: percent lower latency / energy than the 1-unit system. "
                    "Same archs: per arch, then averaged (best = largest). Re-searched: of the front's averages "
                    "(no best: the fronts hold different archs)");
  return t;
}

/// A row on the same archs: per-arch improvements of `at` over `one` (1 unit).
void addSameArchRow(StudyTable& t, int units, const std::vector<ArchSystems>& one, const std::vector<ArchSystems>& at) {
  const auto hetero = StudySystem::Hetero;
  const ImprovementStats lat = variantImprovement(one, at, hetero, StudyCost::Latency);
  const ImprovementStats per = variantImprovement(one, at, hetero, StudyCost::Period);
  const ImprovementStats en = variantImprovement(one, at, hetero, StudyCost::Energy);
  int feasible = 0;
  for (const auto& a : at) feasible += a.of(hetero).feasible;
  t.rows.push_back({std::string("same (found at 1 unit)"), double(units), double(feasible),
                    averageCost(at, hetero, StudyCost::Latency), averageCost(at, hetero, StudyCost::Period),
                    averageCost(at, hetero, StudyCost::Energy), lat.average, lat.best, per.average, en.average,
                    en.best, improvementOverNpu(at, hetero, StudyCost::Latency).average});
}

/// A row on the front re-searched at `units`: its averages against the 1-unit front's.
void addResearchedRow(StudyTable& t, int units, const std::vector<ArchSystems>& one, const std::vector<ArchSystems>& at) {
  const auto hetero = StudySystem::Hetero;
  const auto avg = [hetero](const std::vector<ArchSystems>& a, StudyCost c) { return averageCost(a, hetero, c); };
  int feasible = 0;
  for (const auto& a : at) feasible += a.of(hetero).feasible;
  t.rows.push_back({std::string("re-searched"), double(units), double(feasible), avg(at, StudyCost::Latency),
                    avg(at, StudyCost::Period), avg(at, StudyCost::Energy),
                    improvementPct(avg(one, StudyCost::Latency), avg(at, StudyCost::Latency)), nan(),
                    improvementPct(avg(one, StudyCost::Period), avg(at, StudyCost::Period)),
                    improvementPct(avg(one, StudyCost::Energy), avg(at, StudyCost::Energy)), nan(),
                    improvementOverNpu(at, hetero, StudyCost::Latency).average});
}

class ComputeUnitsStudy : public Study {
public:
  std::string name() const override { return "compute-units"; }
  std::string title() const override { return "compute units per CIM macro swept over 1, 2, 4, 8"; }

  void run(const StudyInput& input, StudyRun& run) const override {
    const Project& project = input.project;
    const Plan plan = planFor(input.settings);
    const std::vector<std::uint64_t> seeds = input.settings.seedList();
    StudyResult& r = run.result();
    r.question = "Current CIM macro products have one compute unit per macro. How much faster and more "
                 "energy-efficient is the NPU+CIM system when several units share each weight read of a "
                 "macro (the seed paper: +10.1 % speed-up, +9.34 % energy improvement)?";
    r.method = "The project's hardware with hardware.cim.compute_units_per_macro set to 1, 2, 4 and 8, all else "
               "fixed. `same`: the feasible fronts of the project's search under 1 unit (one search per seed, "
               "united) re-evaluated under each setting; `re-searched`: the search repeated under each setting "
               "with the same seeds. Latency is the single-frame latency of the exact NPU/CIM assignment, period "
               "that of a pipelined schedule of " + std::to_string(kStudyFrames) + " frames.";

    StudyTable table = unitsTable();
    r.tables.push_back(table);
    StudyPlot plot{"compute_units", "NPU+CIM system over the 1-unit system", StudyPlotKind::Line,
                   "compute units per CIM macro", "improvement over 1 unit (%)", {}, 10,
                   {{"speed-up, same archs", {}, {}}, {"energy, same archs", {}, {}},
                    {"speed-up, re-searched", {}, {}}, {"energy, re-searched", {}, {}}},
                   {{"seed speed-up 10.1 %", seed::kComputeUnitsSpeedUp},
                    {"seed energy 9.34 %", seed::kComputeUnitsEnergy}}};
    r.plots.push_back(plot);

    // Fronts per setting (searched under it), and the 1-unit front under every setting.
    // Each setting owns 1/kSettings of the progress: its searches 90 %, evaluations the rest.
    const double perSetting = 1.0 / kSettings, perSearch = 0.9 * perSetting / seeds.size();
    std::vector<std::vector<Arch>> fronts(kSettings);
    std::vector<ArchSystems> sameAtOne, researchedAtOne;
    for (std::size_t u = 0; u < kSettings; ++u) {
      const Project variant = withUnits(project, kUnits[u]);
      std::vector<FoundFront> found;
      for (std::size_t i = 0; i < seeds.size(); ++i) {
        const double from = perSetting * double(u) + perSearch * double(i);
        found.push_back(searchFront(variant, {seeds[i], plan.population, plan.generations}, input.accuracy,
                                    run.context(), from, from + perSearch));
      }
      fronts[u] = unionOfFronts(found);
      if (u == 0)
        for (const auto& n : found.front().notes) r.notes.push_back("search: " + n);

      const EvalContext context = evalContextFor(variant);
      const std::vector<ArchSystems> same = evaluateAll(context, fronts[0], run);
      const std::vector<ArchSystems> researched = evaluateAll(context, fronts[u], run);
      if (u == 0) sameAtOne = same, researchedAtOne = researched;
      StudyTable& t = *r.table("compute_units");
      addSameArchRow(t, kUnits[u], sameAtOne, same);
      addResearchedRow(t, kUnits[u], researchedAtOne, researched);
      StudyPlot& p = r.plots.back();
      const std::size_t sameRow = t.rows.size() - 2, researchedRow = t.rows.size() - 1;
      for (auto& s : p.series) s.x.push_back(kUnits[u]);
      p.series[0].y.push_back(t.number(sameRow, "speed_up_avg"));
      p.series[1].y.push_back(t.number(sameRow, "energy_improvement_avg"));
      p.series[2].y.push_back(t.number(researchedRow, "speed_up_avg"));
      p.series[3].y.push_back(t.number(researchedRow, "energy_improvement_avg"));
      r.notes.push_back(std::to_string(kUnits[u]) + " unit(s): " + std::to_string(fronts[u].size()) +
                        " feasible front archs");
      run.progress(perSetting * double(u + 1), std::to_string(kUnits[u]) + " unit(s) done");
      run.publish();
    }
    StudyTable& t = *r.table("compute_units");
    t.rows.push_back({std::string("seed paper (multiple units)"), nan(), nan(), nan(), nan(), nan(),
                      seed::kComputeUnitsSpeedUp, nan(), nan(), seed::kComputeUnitsEnergy, nan(), nan()});
    // Headlines: the largest setting the seed could mean is not stated; report 4 units
    // (the old preset's default) and 8 beside its figures.
    for (std::size_t row = 0; row < t.rows.size(); ++row) {
      const double units = t.number(row, "units_per_macro");
      if (units != 4 && units != 8) continue;
      const std::string set = t.text(row, "archs");
      const std::string at = std::to_string(int(units)) + " units, " + set;
      r.headlines.push_back({"speed-up over 1 unit, " + at, t.number(row, "speed_up_avg"), "%",
                             seed::kComputeUnitsSpeedUp});
      r.headlines.push_back({"energy improvement over 1 unit, " + at, t.number(row, "energy_improvement_avg"), "%",
                             seed::kComputeUnitsEnergy});
    }
    run.progress(1.0, "done");
  }
};

}  // namespace

std::unique_ptr<Study> makeComputeUnitsStudy() { return std::make_unique<ComputeUnitsStudy>(); }

}  // namespace h4h
