#pragma once
/// What the hardware studies share: the arch sets they compare systems on (a seeded
/// sample of the space, the feasible front of a search under the project's budgets),
/// every arch evaluated once at Full depth per hardware variant, and the seed paper's
/// statistics over a set (average and best improvement over NPU-only).

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "eval/arch_evaluation.h"
#include "eval/search_setup.h"
#include "jobs/job.h"
#include "project/project.h"
#include "study/study_types.h"

namespace h4h {

/// The systems every study compares: the exact heterogeneous assignment and the
/// baselines the evaluation pipeline computes beside it (sched/evaluate.h).
enum class StudySystem { Hetero, NpuOnly, CimOnly, Greedy };
constexpr std::size_t kStudySystemCount = 4;
constexpr std::array<StudySystem, kStudySystemCount> kStudySystems{
    StudySystem::Hetero, StudySystem::NpuOnly, StudySystem::CimOnly, StudySystem::Greedy};
/// "NPU+CIM", "NPU only", "CIM only", "greedy".
const char* studySystemLabel(StudySystem system);

/// The costs a study reports: single-frame (sequential) latency, the pipelined period of
/// a schedule of kStudyFrames frames (1 / throughput) and energy per frame.
enum class StudyCost { Latency, Period, Energy };
/// "latency", "period", "energy".
const char* studyCostName(StudyCost cost);

/// Frames of the pipelined schedules the studies simulate (Schedule::periodNs tends to the
/// steady-state period as frames grow; sched/pipeline.h).
constexpr int kStudyFrames = 8;

/// One system's costs on one arch; NaN when infeasible.
struct SystemCosts {
  bool feasible = false;
  double latencyMs = std::numeric_limits<double>::quiet_NaN();
  double periodMs = std::numeric_limits<double>::quiet_NaN();
  double energyMj = std::numeric_limits<double>::quiet_NaN();

  double cost(StudyCost which) const;
};

/// One arch under one hardware: every system's costs.
struct ArchSystems {
  std::string arch;  ///< the arch key
  std::array<SystemCosts, kStudySystemCount> systems;
  int layers = 0;
  int cimLayers = 0;  ///< layers the heterogeneous assignment puts on the CIM

  const SystemCosts& of(StudySystem system) const { return systems[static_cast<std::size_t>(system)]; }
};

/// Evaluates `arch` at Full depth (kStudyFrames frames) under `context`; `scratch` keeps
/// the solver's buffers between calls.
ArchSystems evaluateSystems(const EvalContext& context, const Arch& arch, ArchEvaluation& scratch);

/// evaluateSystems of every arch in order, checking `job`'s cancel token before each
/// (JobCancelled) and calling `onEach(done, total)` after each.
std::vector<ArchSystems> evaluateEach(const EvalContext& context, const std::vector<Arch>& archs,
                                      const JobContext& job,
                                      const std::function<void(std::size_t, std::size_t)>& onEach = {});

/// `count` archs drawn as `h4h schedule --sample` draws them (sampleArch, mt19937_64 seeded `seed`).
std::vector<Arch> sampleArchs(const SearchSpace& space, int count, std::uint64_t seed);

/// What a study changes of the project's search: the seed, and a smaller search in quick mode.
struct StudySearch {
  std::uint64_t seed = 1;
  int population = 0;   ///< 0 = the project's
  int generations = 0;  ///< 0 = the project's
};

struct FoundFront {
  std::vector<Arch> archs;          ///< feasible front members, in the search's order
  int evaluations = 0;              ///< distinct archs the search measured
  std::vector<std::string> objectives;
  std::vector<std::string> notes;   ///< the search set-up's notes (accuracy policy)
};

/// Runs the project's search (its objectives, budgets and hardware; accuracy added when
/// `accuracy` builds an evaluator, dropped otherwise: AccuracyMode::WhenTrained) with
/// `search`'s seed and size, under `context`'s cancel token, its progress mapped to
/// [from, to] of the study. Throws JobCancelled when cancelled.
FoundFront searchFront(const Project& project, const StudySearch& search, const AccuracyFactory& accuracy,
                       JobContext& context, double from, double to);

/// What the studies say about the search's accuracy signal: the set-up's notes, and when
/// no objective is accuracy, that the front leans to the smallest nets.
std::vector<std::string> searchNotes(const FoundFront& front);

/// The feasible archs of `fronts` without repeats, in order (the union over seeds).
std::vector<Arch> unionOfFronts(const std::vector<FoundFront>& fronts);

/// The seed paper's statistics of `system` over NPU-only across `archs`: percent
/// improvement (positive = lower cost) per arch where both are feasible; average and
/// best (largest) over those archs; n = how many. NaN when n = 0.
struct ImprovementStats {
  int n = 0;
  double average = std::numeric_limits<double>::quiet_NaN();
  double best = std::numeric_limits<double>::quiet_NaN();
};
ImprovementStats improvementOverNpu(const std::vector<ArchSystems>& archs, StudySystem system, StudyCost cost);

/// The same of `system` under `variant` over `system` under `base`, arch by arch (the
/// two lists hold the same archs in the same order).
ImprovementStats variantImprovement(const std::vector<ArchSystems>& base, const std::vector<ArchSystems>& variant,
                                 StudySystem system, StudyCost cost);

/// Average cost of `system` over the archs where it is feasible; NaN when none.
double averageCost(const std::vector<ArchSystems>& archs, StudySystem system, StudyCost cost);
/// The lowest cost of `system` over the archs; NaN when it is feasible on none.
double lowestCost(const std::vector<ArchSystems>& archs, StudySystem system, StudyCost cost);

/// Archs per seed of the sampled set: 1000 (the draw of `h4h schedule --sample 1000
/// --seed S`), 8 in quick mode.
int studySampleSize(const StudySettings& settings);
/// The search of one seed: the project's size, population 8 for 2 generations in quick mode.
StudySearch studySearch(const StudySettings& settings, std::uint64_t seed);

}  // namespace h4h
