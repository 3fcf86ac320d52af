#include "study/study_archs.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "search/search_job.h"
#include "space/arch_key.h"
#include "space/space_ops.h"

namespace h4h {

namespace {

constexpr double kNsPerMs = 1e6;
constexpr double kNjPerMj = 1e6;

SystemCosts costsOf(const Assignment& a, double periodNs) {
  SystemCosts c;
  if (!a.feasible) return c;
  c.feasible = true;
  c.latencyMs = a.latencyNs / kNsPerMs;
  c.periodMs = periodNs > 0 ? periodNs / kNsPerMs : std::nan("");
  c.energyMj = a.energyNj / kNjPerMj;
  return c;
}

double baselinePeriod(const Schedule& hybrid, const char* name) {
  for (const auto& b : hybrid.baselines)
    if (b.name == name && b.feasible) return b.periodNs;
  return 0.0;
}

ImprovementStats statsOf(const std::vector<double>& percents) {
  ImprovementStats s;
  double sum = 0.0;
  for (double p : percents) {
    if (!std::isfinite(p)) continue;
    sum += p;
    s.best = s.n == 0 ? p : std::max(s.best, p);
    ++s.n;
  }
  if (s.n > 0) s.average = sum / s.n;
  return s;
}

}  // namespace

const char* studySystemLabel(StudySystem system) {
  switch (system) {
    case StudySystem::Hetero: return "NPU+CIM";
    case StudySystem::NpuOnly: return "NPU only";
    case StudySystem::CimOnly: return "CIM only";
    case StudySystem::Greedy: return "greedy";
  }
  return "";
}

const char* studyCostName(StudyCost cost) {
  switch (cost) {
    case StudyCost::Latency: return "latency";
    case StudyCost::Period: return "period";
    case StudyCost::Energy: return "energy";
  }
  return "";
}

double SystemCosts::cost(StudyCost which) const {
  switch (which) {
    case StudyCost::Latency: return latencyMs;
    case StudyCost::Period: return periodMs;
    case StudyCost::Energy: return energyMj;
  }
  return std::nan("");
}

ArchSystems evaluateSystems(const EvalContext& context, const Arch& arch, ArchEvaluation& e) {
  evaluateArchInto(context, arch, EvalRequest{EvalDepth::Full, kStudyFrames}, e);
  ArchSystems out;
  out.arch = e.arch;
  out.layers = static_cast<int>(e.layers.size());
  const SystemEval& s = e.eval;
  if (!s.hetero.feasible) {
    // No schedule was simulated: the baselines keep their sequential costs only.
    out.systems = {SystemCosts{}, costsOf(s.npuOnly, 0), costsOf(s.cimOnly, 0), costsOf(s.greedy, 0)};
    return out;
  }
  out.cimLayers = s.hetero.countOn(Device::Cim);
  out.systems = {costsOf(s.hetero, e.hybrid.periodNs),
                 costsOf(s.npuOnly, e.hasNpuOnlySchedule ? e.npuOnly.periodNs : 0.0),
                 costsOf(s.cimOnly, baselinePeriod(e.hybrid, "cim-only")),
                 costsOf(s.greedy, baselinePeriod(e.hybrid, "greedy"))};
  return out;
}

std::vector<ArchSystems> evaluateEach(const EvalContext& context, const std::vector<Arch>& archs,
                                      const JobContext& job,
                                      const std::function<void(std::size_t, std::size_t)>& onEach) {
  std::vector<ArchSystems> out;
  out.reserve(archs.size());
  ArchEvaluation scratch;
  for (const Arch& arch : archs) {
    job.throwIfCancelled();
    out.push_back(evaluateSystems(context, arch, scratch));
    if (onEach) onEach(out.size(), archs.size());
  }
  return out;
}

std::vector<Arch> sampleArchs(const SearchSpace& space, int count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Arch> out;
  out.reserve(static_cast<std::size_t>(std::max(0, count)));
  for (int i = 0; i < count; ++i) out.push_back(sampleArch(space, rng));
  return out;
}

FoundFront searchFront(const Project& project, const StudySearch& search, const AccuracyFactory& accuracy,
                       JobContext& context, double from, double to) {
  SearchConfig config = project.search;
  config.seed = search.seed;
  if (search.population > 0) config.population = search.population;
  if (search.generations > 0) config.generations = search.generations;
  SearchSetupOptions options;
  options.config = config;
  options.accuracyMode = AccuracyMode::WhenTrained;
  options.accuracy = accuracy;
  const SearchSetup setup = setUpSearch(project, options);
  SearchJob job(project.space, setup.config, setup.hardware, setup.accuracy);
  JobContext nested(context.cancelToken(), [&](const JobProgress& p) {
    context.progress(from + (to - from) * p.fraction, "search (seed " + std::to_string(search.seed) + ")",
                     p.stage + (p.message.empty() ? "" : ": " + p.message));
  });
  const JobResult result = job.execute(nested);
  if (result.status == JobStatus::Cancelled) throw JobCancelled();
  if (result.status == JobStatus::Failed) throw std::runtime_error("search (seed " + std::to_string(search.seed) +
                                                                   ") failed: " + result.message);
  FoundFront front;
  front.evaluations = job.evaluations();
  front.objectives = setup.config.objectives;
  front.notes = setup.notes;
  for (const ParetoRecord& r : job.pareto())
    if (r.feasible && r.metrics.ok) front.archs.push_back(parseArchKey(r.key));
  return front;
}

std::vector<std::string> searchNotes(const FoundFront& front) {
  std::vector<std::string> notes;
  for (const auto& n : front.notes) notes.push_back("search: " + n);
  if (std::find(front.objectives.begin(), front.objectives.end(), "accuracy") == front.objectives.end())
    notes.push_back("no accuracy signal: the searches optimise hardware objectives only, so their fronts lean to "
                    "the smallest nets (an accuracy signal or a named proxy plugs in through StudyInput::accuracy)");
  return notes;
}

std::vector<Arch> unionOfFronts(const std::vector<FoundFront>& fronts) {
  std::vector<Arch> out;
  std::set<std::string> seen;
  for (const auto& f : fronts)
    for (const Arch& a : f.archs)
      if (seen.insert(archKey(a)).second) out.push_back(a);
  return out;
}

ImprovementStats improvementOverNpu(const std::vector<ArchSystems>& archs, StudySystem system, StudyCost cost) {
  std::vector<double> percents;
  for (const auto& a : archs)
    percents.push_back(improvementPct(a.of(StudySystem::NpuOnly).cost(cost), a.of(system).cost(cost)));
  return statsOf(percents);
}

ImprovementStats variantImprovement(const std::vector<ArchSystems>& base, const std::vector<ArchSystems>& variant,
                                    StudySystem system, StudyCost cost) {
  std::vector<double> percents;
  for (std::size_t i = 0; i < base.size() && i < variant.size(); ++i)
    percents.push_back(improvementPct(base[i].of(system).cost(cost), variant[i].of(system).cost(cost)));
  return statsOf(percents);
}

double averageCost(const std::vector<ArchSystems>& archs, StudySystem system, StudyCost cost) {
  double sum = 0.0;
  int n = 0;
  for (const auto& a : archs)
    if (const double v = a.of(system).cost(cost); std::isfinite(v)) sum += v, ++n;
  return n ? sum / n : std::nan("");
}

double lowestCost(const std::vector<ArchSystems>& archs, StudySystem system, StudyCost cost) {
  double best = std::nan("");
  for (const auto& a : archs)
    if (const double v = a.of(system).cost(cost); std::isfinite(v) && !(v >= best)) best = v;
  return best;
}

int studySampleSize(const StudySettings& settings) { return settings.quick ? 8 : 1000; }

StudySearch studySearch(const StudySettings& settings, std::uint64_t seed) {
  return settings.quick ? StudySearch{seed, 8, 2} : StudySearch{seed, 0, 0};
}

}  // namespace h4h
