// The `vit-ratio` study: NPU-only vs NPU+CIM fronts, their ViT/MBConv ratios and hybrid
// shares (vit_ratio_study.h).

#include "study/vit_ratio_study.h"

#include <algorithm>
#include <cmath>

#include "eval/arch_evaluation.h"
#include "eval/eval_context.h"
#include "space/arch_key.h"
#include "study/studies.h"
#include "study/study_archs.h"
#include "util/errors.h"

namespace h4h {

namespace {

double nan() { return std::nan(""); }

/// The search size: small in quick mode and with a trained supernet, whose top-1 costs
/// seconds per arch on 2 cores (BN recalibration + validation batches; the proxy costs
/// tens of milliseconds, docs/studies.md), so that 2 systems x 3 seeds stay within the
/// study's 10 minutes; else the project's.
StudySearch searchFor(const StudySettings& settings, std::uint64_t seed, bool proxy) {
  StudySearch s;
  s.seed = seed;
  if (settings.quick) {
    s.population = 8;
    s.generations = 2;
  } else if (!proxy) {
    s.population = 8;
    s.generations = 2;
  }
  return s;
}

struct System {
  const char* label;  ///< "NPU only", "NPU+CIM"
  Project project;    ///< the project with this system's hardware
};

/// One member of one front.
struct FrontArch {
  std::string system;
  std::uint64_t seed = 0;
  Arch arch;
  ArchMetrics metrics;  ///< under the system's hardware, accuracy signal included
  double ratio() const { return metrics.value("vit_mbconv_ratio"); }
  bool hybrid() const { return metrics.vitLayers > 0; }
};

double median(std::vector<double> v) {
  if (v.empty()) return nan();
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double mean(const std::vector<double>& v) {
  if (v.empty()) return nan();
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

/// The accuracy evaluator made once and handed to every search: its cache spans the
/// searches (both systems start each seed from the same population).
AccuracyFactory sharedAccuracy(const std::shared_ptr<AccuracyEvaluator>& evaluator) {
  return [evaluator](const Project&) { return evaluator; };
}

StudyTable frontsTable(const AccuracySignal& signal) {
  StudyTable t;
  t.name = "fronts";
  t.title = "Front members of every search (one row per system, seed and arch)";
  t.columns = {{"system", ""},        {"seed", ""},          {"arch", ""},
               {"vit_blocks", ""},    {"mbconv_blocks", ""}, {"vit_mbconv_ratio", ""},
               {"hybrid", ""},        {signal.name, ""},     {"latency", "ms"},
               {"energy", "mJ"},      {"cim_layers", ""}};
  t.notes.push_back("vit_mbconv_ratio: ViT blocks / MBConv blocks of the arch; hybrid: 1 when it has a ViT block");
  if (signal.proxy)
    t.notes.push_back(signal.name + ": the value the search ranked by, a monotone map of the proxy's score into "
                      "[0, 1) (AccuracyEvaluator::top1), not a fraction of images classified correctly");
  return t;
}

void addFrontRow(StudyTable& t, const FrontArch& f) {
  const ArchMetrics& m = f.metrics;
  t.rows.push_back({f.system, static_cast<double>(f.seed), archKey(f.arch), double(m.vitLayers),
                    double(m.mbconvLayers), f.ratio(), f.hybrid() ? 1.0 : 0.0, m.accuracy, m.latencyMs,
                    m.energyMj, double(m.cimLayers)});
}

struct SystemSummary {
  std::vector<double> ratios, latencies, energies, signal;
  int hybrids = 0;
  std::vector<double> seedShares;  ///< hybrid share of each seed's front
  double share() const { return ratios.empty() ? nan() : double(hybrids) / double(ratios.size()); }
};

SystemSummary summarise(const std::vector<FrontArch>& fronts, const std::string& system,
                        const std::vector<std::uint64_t>& seeds) {
  SystemSummary s;
  for (std::uint64_t seed : seeds) {
    int n = 0, h = 0;
    for (const FrontArch& f : fronts) {
      if (f.system != system || f.seed != seed) continue;
      ++n;
      h += f.hybrid();
      s.ratios.push_back(f.ratio());
      s.latencies.push_back(f.metrics.latencyMs);
      s.energies.push_back(f.metrics.energyMj);
      s.signal.push_back(f.metrics.accuracy);
    }
    s.hybrids += h;
    s.seedShares.push_back(n ? double(h) / n : nan());
  }
  return s;
}

StudyTable summaryTable(const AccuracySignal& signal) {
  StudyTable t;
  t.name = "summary";
  t.title = "ViT/MBConv ratio and hybrid share of the fronts, per system";
  t.columns = {{"system", ""},
               {"seeds", ""},
               {"front_archs", ""},
               {"ratio_median", ""},
               {"ratio_mean", ""},
               {"hybrids", ""},
               {"hybrid_share", "%"},
               {"hybrid_share_min_seed", "%"},
               {"hybrid_share_max_seed", "%"},
               {"median " + signal.name, ""},
               {"latency_median", "ms"},
               {"energy_median", "mJ"}};
  t.notes.push_back("front_archs counts each seed's front members (an arch on two seeds' fronts counts twice)");
  return t;
}

double minOf(const std::vector<double>& v) { return v.empty() ? nan() : *std::min_element(v.begin(), v.end()); }
double maxOf(const std::vector<double>& v) { return v.empty() ? nan() : *std::max_element(v.begin(), v.end()); }

void addSummaryRow(StudyTable& t, const std::string& system, int seeds, const SystemSummary& s) {
  t.rows.push_back({system, double(seeds), double(s.ratios.size()), median(s.ratios), mean(s.ratios),
                    double(s.hybrids), 100.0 * s.share(), 100.0 * minOf(s.seedShares),
                    100.0 * maxOf(s.seedShares), median(s.signal), median(s.latencies), median(s.energies)});
}

class VitRatioStudy : public Study {
public:
  std::string name() const override { return "vit-ratio"; }
  std::string title() const override {
    return "ViT/MBConv ratio of found archs: NPU-only vs NPU+CIM (the seed's Figure 9)";
  }
  void run(const StudyInput& input, StudyRun& run) const override;
  bool needsAccuracySignal() const override { return true; }
};

void VitRatioStudy::run(const StudyInput& input, StudyRun& run) const {
  const Project& project = input.project;
  if (!project.hardware.cim.present())
    throw InputError("hardware.cim.macros: the vit-ratio study compares the project's NPU+CIM system with "
                     "NPU-only, and the project has no CIM (0)");
  if (!input.accuracy)
    throw InputError("vit-ratio: needs an accuracy signal (a trained supernet or a named proxy)");
  const std::shared_ptr<AccuracyEvaluator> accuracy = input.accuracy(project);
  const AccuracySignal signal = accuracy->signal();

  StudyResult& r = run.result();
  r.question = "Do the archs a hardware-aware search finds hold ViT blocks (hybrids) more often when a CIM "
               "takes convolution work off the NPU? The seed's Figure 9: hybrids are preferred on NPU+CIM.";
  std::vector<std::uint64_t> seeds = input.settings.seedList();
  for (std::uint64_t next = seeds.empty() ? input.settings.baseSeed : seeds.back() + 1;
       static_cast<int>(seeds.size()) < kVitRatioMinSeeds; ++next)
    seeds.push_back(next);
  // The record says what ran, so that its re-run command reproduces it.
  r.settings.seeds = static_cast<int>(seeds.size());
  r.provenance.seeds = seeds;
  const StudySearch size = searchFor(input.settings, seeds.front(), signal.proxy);
  r.method = "The project's search (objectives, budgets, schedule objective; accuracy as below) runs " +
             std::to_string(seeds.size()) + " times per system, seeds " + std::to_string(seeds.front()) + ".." +
             std::to_string(seeds.back()) + ", population " +
             std::to_string(size.population ? size.population : project.search.population) + ", " +
             std::to_string(size.generations ? size.generations : project.search.generations) +
             " generations, on (a) the project's hardware with its CIM (" + std::to_string(project.hardware.cim.macros) +
             " macros) and (b) the same hardware with hardware.cim.macros = 0 (NPU only, everything else equal). "
             "Every feasible front member is re-evaluated under its system; its ViT/MBConv block ratio and "
             "whether it is a hybrid (ViT blocks > 0) are counted per front.";
  r.notes.push_back("Accuracy signal: " + signal.name + (signal.proxy ? " -- a training-free proxy, NOT accuracy" : "") +
                    (signal.citation.empty() ? "" : ". Source: " + signal.citation) +
                    (signal.input.empty() ? "" : ". Computed on: " + signal.input));
  if (signal.proxy)
    r.notes.push_back("The proxy's rank correlation with trained accuracy on the demo space is measured in "
                      "docs/studies.md (## vit-ratio); it orders archs only roughly, so read the fronts as "
                      "'hardware cost vs proxy', not 'vs accuracy'.");

  const std::vector<System> systems = {
      {"NPU only", [&] { Project p = project; p.hardware = npuOnlyVariant(p.hardware); return p; }()},
      {"NPU+CIM", project}};
  const AccuracyFactory factory = sharedAccuracy(accuracy);
  StudyTable fronts = frontsTable(signal);
  std::vector<FrontArch> members;
  const double searches = static_cast<double>(systems.size() * seeds.size());
  int done = 0;
  for (const System& system : systems) {
    const EvalContext context = evalContextFor(system.project);
    ArchEvaluation scratch;
    for (std::uint64_t seed : seeds) {
      run.throwIfCancelled();
      const double from = 0.95 * done / searches, to = 0.95 * (done + 1) / searches;
      run.progress(from, std::string(system.label) + ", seed " + std::to_string(seed));
      const FoundFront front = searchFront(system.project, searchFor(input.settings, seed, signal.proxy), factory,
                                           run.context(), from, to);
      for (const Arch& arch : front.archs) {
        FrontArch f{system.label, seed, arch, {}};
        evaluateArchInto(context, arch, EvalRequest{}, scratch);
        f.metrics = scratch.metrics;
        f.metrics.accuracy = accuracy->top1(arch);
        addFrontRow(fronts, f);
        members.push_back(std::move(f));
      }
      ++done;
      run.result().tables = {fronts};
      run.publish();
    }
  }

  StudyTable summary = summaryTable(signal);
  StudyPlot histogram;
  histogram.name = "vit_ratio_histogram";
  histogram.title = "ViT/MBConv ratio of the found fronts (accuracy: " + signal.name + ")";
  histogram.kind = StudyPlotKind::Histogram;
  histogram.xLabel = "ViT blocks / MBConv blocks";
  histogram.yLabel = "front archs";
  histogram.bins = 8;
  StudyPlot shares;
  shares.name = "hybrid_share";
  shares.title = "Share of hybrids (ViT blocks > 0) on the fronts (accuracy: " + signal.name + ")";
  shares.kind = StudyPlotKind::Bars;
  shares.yLabel = "hybrid share (%)";
  StudyPlotSeries shareSeries{"all seeds", {}, {}};
  StudyPlot scatter;
  scatter.name = "front_latency_signal";
  scatter.title = "Front members: latency vs " + signal.name;
  scatter.kind = StudyPlotKind::Scatter;
  scatter.xLabel = "latency (ms)";
  scatter.yLabel = signal.proxy ? signal.name + " [top1() map in [0, 1)]" : signal.name;
  for (const System& system : systems) {
    const SystemSummary s = summarise(members, system.label, seeds);
    addSummaryRow(summary, system.label, static_cast<int>(seeds.size()), s);
    histogram.series.push_back({system.label, {}, s.ratios});
    shares.categories.push_back(system.label);
    shareSeries.y.push_back(100.0 * s.share());
    scatter.series.push_back({system.label, s.latencies, s.signal});
    if (s.ratios.empty())
      r.notes.push_back(std::string(system.label) + ": no search found a feasible arch under the project's budgets, "
                        "so its ratio and hybrid share are undefined (a larger search, or looser budgets, may find some)");
    r.headlines.push_back({std::string("hybrid share, ") + system.label + " fronts", 100.0 * s.share(), "% of front archs", nan()});
    r.headlines.push_back({std::string("median ViT/MBConv ratio, ") + system.label + " fronts", median(s.ratios), "",
                           nan()});
  }
  shares.series.push_back(shareSeries);
  r.tables = {summary, fronts};
  r.plots = {histogram, shares, scatter};
  r.notes.push_back("The seed's Figure 9 is qualitative (hybrids preferred when the CIM takes convolution work "
                    "off the NPU): the headlines have no seed value to stand beside.");
  run.progress(1.0, "done");
  run.publish();
}

}  // namespace

HardwareConfig npuOnlyVariant(HardwareConfig hw) {
  hw.cim.macros = 0;
  return hw;
}

std::unique_ptr<Study> makeVitRatioStudy() { return std::make_unique<VitRatioStudy>(); }

}  // namespace h4h
