#include "report/run_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "report/report_comparison.h"
#include "sched/device.h"
#include "sched/schedule_export.h"
#include "search/arch_metrics.h"
#include "search/pareto_csv.h"
#include "util/errors.h"
#include "space/space_ops.h"
#include "util/number_text.h"

namespace h4h {

namespace {

std::string fmt(const char* format, double v) { return formatFigure(format, v); }

std::string pct(double fraction) { return fraction < 0 ? "-" : fmt("%.2f %%", 100.0 * fraction); }

/// A ratio baseline / value (> 1 = better) as a percentage saved.
double ratioToPct(double ratio) { return ratio > 0 ? 100.0 * (1.0 - 1.0 / ratio) : NAN; }

std::string row(const std::vector<std::string>& cells) {
  std::string s = "|";
  for (const auto& c : cells) s += " " + c + " |";
  return s + "\n";
}

std::string header(const std::vector<std::string>& cells) {
  std::string s = row(cells) + "|";
  for (std::size_t i = 0; i < cells.size(); ++i) s += "---|";
  return s + "\n";
}

std::vector<const ParetoRecord*> feasibleFront(const ParetoFront& pareto) {
  std::vector<const ParetoRecord*> out;
  for (const ParetoRecord& r : pareto)
    if (r.feasible && r.metrics.ok) out.push_back(&r);
  return out;
}

void projectSection(std::ostringstream& md, const RunReport& r) {
  const Project& p = *r.project;
  md << "## Project\n\n";
  md << "- name: **" << p.name << "** (`" << r.projectPath << "`)\n";
  if (!p.description.empty()) md << "- " << p.description << "\n";
  md << "- space: " << p.space.stages.size() << " stages, input " << p.space.inputChannels
     << " channel(s), "
     << "deployed " << deploymentDescription(p.space)
     << ", "
     << p.space.classes << " classes\n";
  md << "- data: " << p.data.dataset << "; training recipe " << p.training.recipe
     << "; search " << p.search.algorithm << ", population " << p.search.population << ", "
     << p.search.generations << " generations\n";
  md << "\n### Pipeline\n\n";
  for (const auto& n : r.notes) md << "- " << n << "\n";
  md << "\n## Hardware\n\n";
  const auto& hw = p.hardware;
  md << header({"device", "preset", "main parameters"});
  md << row({"NPU", hw.npuPreset,
             std::to_string(hw.npu.rows) + "x" + std::to_string(hw.npu.cols) + " array (" +
                 std::to_string(hw.npu.rows * hw.npu.cols * hw.npu.cores) + " MACs/cycle) at " +
                 fmt("%g", hw.npu.clockGhz) + " GHz, SRAM " +
                 fmt("%g", hw.npu.sramBytes / 1048576.0) + " MiB at " +
                 fmt("%g", hw.npu.sramBandwidthGBs) + " GB/s, DRAM " +
                 fmt("%g", hw.npu.dramBandwidthGBs) + " GB/s, " +
                 fmt("%g", hw.npu.energyPerMacPj) + " pJ/MAC"});
  if (!hw.cim.present())
    md << row({"CIM", hw.cimPreset, "none: an NPU-only system (hardware.cim.macros = 0)"});
  else
    md << row({"CIM", hw.cimPreset,
             std::to_string(hw.cim.macros) + " macros x " +
                 fmt("%g", hw.cim.capacityBytesPerMacro / 1048576.0) + " MiB, " +
                 std::to_string(hw.cim.computeUnitsPerMacro) + " units/macro x " +
                 std::to_string(hw.cim.macsPerUnitPerCycle) + " MACs/cycle, array read " +
                 std::to_string(hw.cim.weightReadBytesPerCycle) + " B/cycle at " +
                 fmt("%g", hw.cim.clockGhz) + " GHz, " + fmt("%g", hw.cim.energyPerMacPj) +
                 " pJ/MAC" + (hw.cim.nearMemoryDigital ? ", near-memory digital units" : "") +
                 (hw.cim.allowReload ? ", weight reload allowed" : "")});
  md << row({"link", hw.linkPreset,
             std::string("through ") + memoryLevelName(hw.link.level) + " (write + read), " +
                 fmt("%g", hw.link.bandwidthShare * 100) + " % of its bandwidth, DMA " +
                 fmt("%g", hw.link.bandwidthGBs) + " GB/s, +" +
                 fmt("%g", hw.link.latencyNsPerTransfer) + " ns set-up, +" +
                 fmt("%g", hw.link.energyPjPerByte) + " pJ/byte interconnect"});
  if (!hw.measuredTablePath.empty()) md << "\nMeasured costs: `" << hw.measuredTablePath << "`\n";
}

void trainingSection(std::ostringstream& md, const RunRecords& runs) {
  md << "\n## Training\n\n";
  if (runs.empty()) {
    md << "No training run in the project.\n";
    return;
  }
  md << header({"run", "recipe", "status", "epochs", "min-net top-1", "max-net top-1",
                "img/s", "wall"});
  for (const RunRecord& run : runs) {
    const RunEpoch* last = run.epochs.empty() ? nullptr : &run.epochs.back();
    md << row({run.id, run.recipe, runStatusName(run.status), std::to_string(run.epochs.size()),
               pct(last ? last->minTop1 : -1.0), pct(last ? last->maxTop1 : -1.0),
               fmt("%.0f", run.imagesPerSecond), fmt("%.0f s", run.wallSeconds)});
  }
  md << "\nTop-1 on the test split after the last epoch; curves in `training.png`, every "
        "epoch in `training.csv`.\n";
}

void paretoSection(std::ostringstream& md, const RunReport& r) {
  const ParetoFront& pareto = r.project->results.pareto;
  md << "\n## Pareto front\n\n";
  if (pareto.empty()) {
    md << "No search result in the project.\n";
    return;
  }
  md << header({"#", "accuracy", "latency (ms)", "energy (mJ)", "period (ms)", "params (M)",
                "MACs (M)", "ViT/MBConv blocks", "CIM layers", "vs NPU-only latency",
                "vs NPU-only energy", "feasible", "arch"});
  int i = 0;
  for (const ParetoRecord& e : pareto) {
    const ArchMetrics& m = e.metrics;
    // A failed evaluation has no numbers: its cells read "nan" (counts 0).
    auto measured = [&](double v) { return m.ok ? v : NAN; };
    const double acc = m.value("accuracy");
    md << row({std::to_string(++i) + (e.key == r.chosenKey ? " **chosen**" : ""),
               std::isfinite(acc) ? fmt("%.2f %%", 100 * acc) : "-",
               fmt("%.4g", measured(m.latencyMs)), fmt("%.4g", measured(m.energyMj)),
               fmt("%.4g", measured(m.periodMs)), fmt("%.3f", measured(m.paramsM)),
               fmt("%.2f", measured(m.macsM)),
               std::to_string(m.vitLayers) + "/" + std::to_string(m.mbconvLayers),
               std::to_string(m.cimLayers) + "/" + std::to_string(m.cimLayers + m.npuLayers),
               fmt("x%.2f", m.value("latency_improvement")),
               fmt("x%.2f", m.value("energy_improvement")), e.feasible ? "yes" : "no",
               "`" + e.key + "`"});
  }
  md << "\nxN = NPU-only value / heterogeneous value (> 1: the NPU+CIM schedule is better). "
        "Plot: `pareto.png`; every metric: `pareto.csv`.\n";
}

void chosenSection(std::ostringstream& md, const RunReport& r) {
  md << "\n## Chosen architecture\n\n";
  if (r.chosenKey.empty()) {
    md << "None: " << (r.chosenWhy.empty() ? "no search result" : r.chosenWhy) << ".\n";
    return;
  }
  md << "`" << r.chosenKey << "`\n\nChosen as " << r.chosenWhy << ".\n";
  if (!r.scheduled) return;
  const Assignment& a = r.evaluation.eval.hetero;
  md << "\n### Per-layer assignment (" << a.countOn(Device::Npu) << " on NPU, "
     << a.countOn(Device::Cim) << " on CIM, " << a.transfers << " transfers)\n\n";
  md << header({"id", "block", "kind", "MACs", "weights (B)", "NPU (ns)", "CIM (ns)", "device"});
  for (std::size_t i = 0; i < r.evaluation.layers.size(); ++i) {
    const Layer& l = r.evaluation.layers[i];
    const LayerProfile& p = r.evaluation.profile[i];
    md << row({std::to_string(l.id), l.block, layerKindName(l.kind), std::to_string(l.macs),
               std::to_string(l.weightBytes), p.npu.supported ? fmt("%.0f", p.npu.latencyNs) : "n/a",
               p.cim.supported ? fmt("%.0f", p.cim.latencyNs) : "n/a",
               i < a.device.size() ? (a.device[i] == Device::Cim ? "**CIM**" : "NPU") : "?"});
  }
}

void systemSection(std::ostringstream& md, const RunReport& r) {
  md << "\n## System\n\n";
  if (r.scheduled) {
    const Assignment& h = r.evaluation.eval.hetero;
    const Assignment& n = r.evaluation.eval.npuOnly;
    const Improvement imp = improvementOver(n, h);
    md << header({"system", "latency (ms)", "energy (mJ)", "period (ms)", "CIM layers",
                  "CIM weights (KiB)"});
    double npuPeriod = NAN;
    for (const auto& b : r.evaluation.hybrid.baselines)
      if (b.name == "npu-only" && b.feasible) npuPeriod = b.periodNs;
    md << row({"NPU + CIM (chosen)", fmt("%.4g", h.latencyNs / 1e6), fmt("%.4g", h.energyNj / 1e6),
               fmt("%.4g", r.evaluation.hybrid.periodNs / 1e6), std::to_string(h.countOn(Device::Cim)),
               fmt("%.1f", h.cimWeightBytes / 1024.0)});
    md << row({"NPU only", n.feasible ? fmt("%.4g", n.latencyNs / 1e6) : "infeasible",
               n.feasible ? fmt("%.4g", n.energyNj / 1e6) : "-", fmt("%.4g", npuPeriod / 1e6), "0",
               "0"});
    for (const Assignment* b : {&r.evaluation.eval.cimOnly, &r.evaluation.eval.greedy}) {
      const bool cim = b == &r.evaluation.eval.cimOnly;
      md << row({cim ? "CIM only" : "greedy", b->feasible ? fmt("%.4g", b->latencyNs / 1e6) : "infeasible",
                 b->feasible ? fmt("%.4g", b->energyNj / 1e6) : "-", "-",
                 b->feasible ? std::to_string(b->countOn(Device::Cim)) : "-",
                 b->feasible ? fmt("%.1f", b->cimWeightBytes / 1024.0) : "-"});
    }
    md << "\nChosen arch vs NPU-only: latency " << fmt("%+.1f %%", -imp.latencyPct) << ", energy "
       << fmt("%+.1f %%", -imp.energyPct) << " (negative = NPU+CIM is better). Pipeline of "
       << r.evaluation.hybrid.frames << " frames: period " << fmt("%.4g", r.evaluation.hybrid.periodNs / 1e6)
       << " ms (" << fmt("%.0f", r.evaluation.hybrid.throughputFps) << " frames/s), utilisation NPU "
       << fmt("%.0f %%", 100 * r.evaluation.hybrid.utilNpu) << ", CIM "
       << fmt("%.0f %%", 100 * r.evaluation.hybrid.utilCim) << ", link "
       << fmt("%.0f %%", 100 * r.evaluation.hybrid.utilLink) << ". Timeline: `gantt.png`, "
       << "`schedule.trace.json` (open in Perfetto).\n";
    const NpuMemoryReport& memory = r.evaluation.npuMemory;
    md << "\nNPU memory: " << npuMemoryText(memory) << ".\n";
    if (const std::string warning = memory.warning(); !warning.empty()) md << "\n**Warning:** " << warning << ".\n";
  }
  const auto front = feasibleFront(r.project->results.pareto);
  if (front.empty()) return;
  double sumL = 0, sumE = 0, maxL = -INFINITY, maxE = -INFINITY;
  int n = 0;
  for (const ParetoRecord* e : front) {
    const double l = ratioToPct(e->value("latency_improvement"));
    const double en = ratioToPct(e->value("energy_improvement"));
    if (!std::isfinite(l) || !std::isfinite(en)) continue;
    sumL += l, sumE += en, ++n;
    maxL = std::max(maxL, l), maxE = std::max(maxE, en);
  }
  if (n == 0) return;
  md << "\nImprovement of NPU+CIM over NPU-only across the " << n << " feasible front archs:\n\n";
  md << header({"", "latency saved", "energy saved"});
  md << row({"average", fmt("%.1f %%", sumL / n), fmt("%.1f %%", sumE / n)});
  md << row({"maximum", fmt("%.1f %%", maxL), fmt("%.1f %%", maxE)});
}

}  // namespace

std::string chooseArch(const Project& project, std::string& why) {
  if (!project.results.selected.empty()) {
    why = "the project's selection (results.selected)";
    return project.results.selected;
  }
  const auto front = feasibleFront(project.results.pareto);
  const ParetoRecord* best = nullptr;
  bool byAccuracy = false;
  for (const ParetoRecord* e : front) byAccuracy |= std::isfinite(e->metrics.accuracy);
  for (const ParetoRecord* e : front) {
    if (!best) {
      best = e;
      continue;
    }
    if (byAccuracy) {
      const double a = e->metrics.accuracy, b = best->metrics.accuracy;
      if (a > b || (a == b && e->metrics.latencyMs < best->metrics.latencyMs)) best = e;
    } else if (e->metrics.latencyMs < best->metrics.latencyMs) {
      best = e;
    }
  }
  if (!best) {
    why = "the Pareto front has no arch within the budgets";
    return "";
  }
  why = byAccuracy ? "the most accurate arch of the front within the budgets"
                   : "the lowest-latency arch of the front within the budgets (no accuracy measured)";
  return best->key;
}

std::string trainingCsv(const RunRecords& runs) {
  std::ostringstream out;
  out << "run,recipe,status,phase,epoch,loss,min_top1,max_top1,images_per_s,seconds,lr\n";
  for (const RunRecord& run : runs)
    for (const RunEpoch& e : run.epochs)
      out << run.id << "," << run.recipe << "," << runStatusName(run.status) << "," << e.phase << ","
          << e.epoch << "," << fmt("%.6g", e.loss) << "," << fmt("%.6g", e.minTop1) << ","
          << fmt("%.6g", e.maxTop1) << "," << fmt("%.6g", e.imagesPerSecond) << ","
          << fmt("%.6g", e.seconds) << "," << fmt("%.6g", e.lr) << "\n";
  return out.str();
}

std::string summaryMarkdown(const RunReport& r) {
  std::ostringstream md;
  if (!r.incomplete.empty())
    md << "> **INCOMPLETE**: " << r.incomplete
       << ". Re-run with `--resume` to continue; the tables below show what was done.\n\n";
  md << "# H4H report: " << r.project->name << "\n";
  projectSection(md, r);
  trainingSection(md, r.project->results.runs);
  paretoSection(md, r);
  chosenSection(md, r);
  systemSection(md, r);
  md << comparisonMarkdown(r);
  return md.str();
}

void writeReportTexts(const RunReport& r, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("--out: cannot create " + dir + " (" + ec.message() + ")");
  const auto at = [&dir](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  writeTextFile(at("summary.md"), summaryMarkdown(r));
  writeTextFile(at("training.csv"), trainingCsv(r.project->results.runs));
  writeTextFile(at("pareto.csv"), paretoCsv(r.project->results.pareto));
  if (!r.scheduled) return;
  writeTextFile(at("schedule.json"), hybridScheduleJson(r.evaluation).dump(2) + "\n");
  writeTextFile(at("schedule.csv"), scheduleCsv(r.evaluation.hybrid));
  const ArchEvaluation& e = r.evaluation;
  writeTextFile(at("schedule.trace.json"),
                chromeTrace(e.hybrid, e.layers, e.hasNpuOnlySchedule ? &e.npuOnly : nullptr).dump() + "\n");
}

}  // namespace h4h
