// h4h schedule PROJECT [--arch SPEC] [--objective latency|energy|edp] [--frames N]
//                      [--json F] [--csv F] [--trace F]
// h4h schedule PROJECT --sample N [--seed S] [--objective ...]
// One arch: the exact NPU/CIM assignment beside the NPU-only, CIM-only and greedy
// baselines, with improvements and the pipelined schedule's period; exports on request.
// --sample: the seed-paper table over N sampled archs (average and maximum latency and
// energy improvement over NPU-only, and which layer kinds went to the CIM).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "cli/commands.h"
#include "cli/text_format.h"
#include "eval/arch_evaluation.h"
#include "eval/eval_context.h"
#include "project/project_io.h"
#include "sched/schedule_export.h"
#include "space/arch_key.h"
#include "space/arch_spec.h"
#include "space/space_ops.h"

namespace h4h::cli {

namespace {

std::string pct(double v) { return std::isnan(v) ? "-" : fmt("%+.1f %%", 0.0 - v); }

/// Settings shared by both modes: the project's evaluation context with the options applied.
struct Setup {
  Project project;
  EvalContext context;
};

Setup setupFrom(const ParsedArgs& args) {
  Setup s;
  s.project = loadProjectOrThrow(args.project());
  EvalOverrides overrides;
  const std::string objective = args.valueOr("objective", s.project.search.scheduleObjective);
  Objective parsed = Objective::Latency;
  if (!parseObjective(objective, parsed))
    throw InputError("--objective: must be latency, energy or edp (" + objective + ")");
  overrides.objective = parsed;
  overrides.resolution = static_cast<int>(args.intOr("resolution", 0, 1, 16384));
  overrides.capacityBuckets =
      static_cast<int>(args.intOr("buckets", AssignConfig().capacityBuckets, 0, 65536));
  overrides.measuredTablePath = args.valueOr("measured", "");
  s.context = evalContextFor(s.project, overrides);
  return s;
}

void printRow(std::ostream& out, const std::string& name, const Assignment& a, const Assignment& npu,
              double periodNs) {
  char line[512];
  if (!a.feasible) {
    std::snprintf(line, sizeof line, "%-14s  infeasible: %s\n", name.c_str(), a.why.c_str());
    out << line;
    return;
  }
  const Improvement imp = improvementOver(npu, a);
  std::snprintf(line, sizeof line, "%-14s %11.4f %11.2f %12.4g %11.4f %5d %9.1f  %9s %9s %9s\n", name.c_str(),
                a.latencyNs * 1e-6, a.energyNj * 1e-3, a.latencyNs * a.energyNj * 1e-9, periodNs * 1e-6,
                a.countOn(Device::Cim), static_cast<double>(a.cimWeightBytes) / 1024.0, pct(imp.latencyPct).c_str(),
                pct(imp.energyPct).c_str(), pct(imp.edpPct).c_str());
  out << line;
}

int runOne(const ParsedArgs& args, const Setup& s) {
  const Arch arch = resolveArchSpec(s.project.space, args.valueOr("arch", "max"));
  const int frames = static_cast<int>(args.intOr("frames", 4, 1, kMaxScheduleFrames));
  const ArchEvaluation e = evaluateArch(s.context, arch, EvalRequest{EvalDepth::Full, frames});
  const std::vector<Layer>& layers = e.layers;
  const AssignConfig& config = e.config;
  const SystemEval& eval = e.eval;
  const Schedule& schedule = e.hybrid;

  std::cout << "arch " << e.arch << " @" << s.context.resolutionOf(arch) << ": " << layers.size() << " layers; objective "
            << objectiveName(s.context.objective) << "; CIM capacity " << fmt("%.0f", config.cimCapacityBytes / 1024.0)
            << " KiB" << (config.cimAllowReload ? " (reload allowed)" : "") << "\n";
  if (!eval.hetero.feasible) {
    std::cout << "no feasible assignment: " << eval.hetero.why << "\n";
    return 1;
  }
  std::cout << "system          latency_ms   energy_uj   edp_ms*uJ   period_ms   cim  cim_KiB   "
               "latency    energy       EDP  (vs NPU-only)\n";
  printRow(std::cout, "heterogeneous", eval.hetero, eval.npuOnly, schedule.periodNs);
  const Assignment* baselines[] = {&eval.npuOnly, &eval.cimOnly, &eval.greedy};
  for (std::size_t i = 0; i < 3; ++i)
    printRow(std::cout, schedule.baselines[i].name, *baselines[i], eval.npuOnly, schedule.baselines[i].periodNs);
  if (!eval.hetero.provenOptimal)
    std::cout << "note: the search stopped at its work limit; the optimum is >= "
              << fmt("%.6g", eval.hetero.objectiveLowerBound) << "\n";
  if (eval.hetero.bucketBytes > 0)
    std::cout << "capacity grid: " << eval.hetero.bucketBytes << " B cells ("
              << (config.capacityBuckets == 0 ? "exact" : std::to_string(config.capacityBuckets) + " at most")
              << ")\n";
  std::cout << "pipeline: " << frames << " frames, single-frame latency " << fmt("%.4f", schedule.frameLatencyNs * 1e-6)
            << " ms, period " << fmt("%.4f", schedule.periodNs * 1e-6) << " ms (" << fmt("%.1f", schedule.throughputFps)
            << " frames/s), utilisation NPU " << fmt("%.0f", 100 * schedule.utilNpu) << " %, CIM "
            << fmt("%.0f", 100 * schedule.utilCim) << " %, link " << fmt("%.0f", 100 * schedule.utilLink) << " %\n";
  std::cout << "transfers per frame: " << eval.hetero.transfers << " ("
            << fmt("%.4f", eval.hetero.transferLatencyNs * 1e-6) << " ms, "
            << fmt("%.2f", eval.hetero.transferEnergyNj * 1e-3) << " uJ)\n";
  std::cout << "NPU memory: " << npuMemoryText(e.npuMemory) << "\n";
  if (const std::string warning = e.npuMemory.warning(); !warning.empty()) std::cerr << "warning: " << warning << "\n";

  if (auto path = args.value("json")) writeTextFile(*path, hybridScheduleJson(e).dump(1) + "\n");
  if (auto path = args.value("csv")) writeTextFile(*path, scheduleCsv(schedule));
  if (auto path = args.value("trace"))
    writeTextFile(*path, chromeTrace(schedule, layers, e.hasNpuOnlySchedule ? &e.npuOnly : nullptr).dump() + "\n");
  return 0;
}

int runSample(const ParsedArgs& args, const Setup& s) {
  if (args.has("arch")) throw InputError("--sample and --arch cannot be combined");
  for (const char* option : {"json", "csv", "trace", "frames"})
    if (args.has(option)) throw InputError(std::string("--") + option + " does not apply to --sample");
  const int count = static_cast<int>(args.intOr("sample", 100, 1, 1000000));
  const long long seed = args.intOr("seed", 1, 0, (1LL << 62));
  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));

  struct Stat {
    double sum = 0.0, max = -1e300, min = 1e300;
    int n = 0;
    void add(double v) {
      if (std::isnan(v)) return;
      sum += v;
      max = std::max(max, v);
      min = std::min(min, v);
      ++n;
    }
  } latency, energy, edp;
  std::map<LayerKind, std::pair<long long, long long>> kinds;  // on CIM, total
  int infeasible = 0, usingCim = 0, unproven = 0;
  long long layerCount = 0, cimCount = 0;
  ArchEvaluation e;  // one workspace for all samples
  for (int k = 0; k < count; ++k) {
    evaluateArchInto(s.context, sampleArch(s.project.space, rng), EvalRequest{}, e);
    const std::vector<Layer>& layers = e.layers;
    const Assignment& hetero = e.eval.hetero;
    if (!hetero.feasible || !e.eval.npuOnly.feasible) {
      ++infeasible;
      continue;
    }
    unproven += !hetero.provenOptimal;
    const Improvement& imp = e.improvement;
    latency.add(imp.latencyPct);
    energy.add(imp.energyPct);
    edp.add(imp.edpPct);
    usingCim += hetero.countOn(Device::Cim) > 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      auto& [onCim, total] = kinds[layers[i].kind];
      ++total;
      if (hetero.device[i] == Device::Cim) ++onCim;
    }
    layerCount += static_cast<long long>(layers.size());
    cimCount += hetero.countOn(Device::Cim);
  }
  std::ostream& out = std::cout;
  out << "sampled " << count << " archs of " << s.project.name << " (seed " << seed << ") @"
      << (s.context.resolution > 0 ? std::to_string(s.context.resolution) : "own resolution")
      << ", objective " << objectiveName(s.context.objective) << "; heterogeneous NPU+CIM vs NPU-only\n";
  if (latency.n == 0) {
    out << "no arch had a feasible schedule\n";
    return 1;
  }
  out << "               average     best    worst   (change vs NPU-only; negative = better)\n";
  for (const auto& [name, st] : {std::pair<const char*, const Stat&>{"latency", latency},
                                 {"energy", energy}, {"energy*delay", edp}})
    out << padded(name, 12) << fmt(" %+8.1f %%", 0.0 - st.sum / st.n) << fmt(" %+8.1f %%", 0.0 - st.max)
        << fmt(" %+8.1f %%", 0.0 - st.min) << "\n";
  out << "paper (H4H):      -21.9 %  -56.1 %  (latency),  -19.2 %  -41.8 % (energy)\n";
  out << "archs using the CIM: " << usingCim << " of " << latency.n << "; layers on the CIM: " << cimCount << " of "
      << layerCount << fmt(" (%.1f %%)", 100.0 * cimCount / std::max(1LL, layerCount)) << "\n";
  out << "kind         on_cim    total   share\n";
  for (const auto& [kind, counts] : kinds)
    out << padded(layerKindName(kind), 10) << fmt(" %8.0f", static_cast<double>(counts.first))
        << fmt(" %8.0f", static_cast<double>(counts.second))
        << fmt(" %6.1f %%", 100.0 * counts.first / std::max(1LL, counts.second)) << "\n";
  if (infeasible) out << infeasible << " archs had no feasible schedule and are left out\n";
  if (unproven) out << unproven << " assignments stopped at the work limit (not proven optimal)\n";
  return 0;
}

int runSchedule(const ParsedArgs& args) {
  const Setup setup = setupFrom(args);
  return args.has("sample") ? runSample(args, setup) : runOne(args, setup);
}

}  // namespace

Command scheduleCommand() {
  return {"schedule",
          "exact NPU/CIM assignment of an arch vs NPU-only, CIM-only and greedy; pipelined schedule "
          "and its exports; --sample: improvement table over sampled archs",
          "PROJECT [--arch KEY|max|min|FILE] [--objective latency|energy|edp] [--frames N] "
          "[--json F] [--csv F] [--trace F] | PROJECT --sample N [--seed S]",
          {{"arch", "SPEC", "max (default), min, an arch key, or a JSON file with an arch"},
           {"objective", "NAME", "latency, energy or edp (default: the project's search.schedule_objective)"},
           {"frames", "N", "frames in the pipelined schedule (default 4, at most 1024)"},
           {"json", "FILE", "write the schedule as JSON (with the baselines' totals and the NPU memory report)"},
           {"csv", "FILE", "write the schedule's tasks as CSV"},
           {"trace", "FILE", "write a Chrome trace-event file (Perfetto, chrome://tracing)"},
           {"resolution", "N", "one input side for every arch (default: each arch's own, or the space's fixed deploy resolution)"},
           {"buckets", "N", "CIM capacity cells of the DP (default 1024; 0 = exact bytes)"},
           {"measured", "FILE", "measured-costs CSV (default: the project's hardware.measured_table)"},
           {"sample", "N", "schedule N sampled archs and print the improvement table"},
           {"seed", "S", "random seed for --sample (default 1)"}},
          runSchedule};
}

}  // namespace h4h::cli
