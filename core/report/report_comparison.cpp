#include "report/report_comparison.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "eval/eval_context.h"
#include "space/arch_key.h"
#include "util/number_text.h"

namespace h4h {

namespace {

std::string number(const char* format, double v) { return formatFigure(format, v); }

/// A figure in the report's units (ms, mJ, KiB: as the System table writes them).
std::string figure(FigureUnit unit, double v) {
  switch (unit) {
    case FigureUnit::Ns:
      return number("%.4g ms", v / 1e6);
    case FigureUnit::Nj:
      return number("%.4g mJ", v / 1e6);
    case FigureUnit::PerSecond:
      return number("%.1f", v);
    case FigureUnit::Bytes:
      return number("%.1f KiB", v / 1024.0);
    case FigureUnit::Count:
      return number("%.0f", v);
  }
  return "-";
}

void comparisonTable(std::ostringstream& md, const ScheduleComparison& c) {
  md << "\n### " << c.nameB << " vs " << c.nameA << "\n\n";
  md << "| figure | " << c.nameA << " | " << c.nameB << " | " << c.nameB
     << " is |\n|---|---|---|---|\n";
  for (const FigureChange& f : c.changes)
    md << "| " << f.label << " | " << figure(f.unit, f.a) << " | " << figure(f.unit, f.b) << " | "
       << f.words << " |\n";
  if (!c.sameNetwork) return;
  md << "\nLayers moved: " << c.movedToCim << " NPU -> CIM, " << c.movedToNpu << " CIM -> NPU.\n";
  if (c.movedToCim) md << "\n- to CIM: " << movedLayersText(c.moved, Device::Cim) << "\n";
  if (c.movedToNpu) md << "\n- to NPU: " << movedLayersText(c.moved, Device::Npu) << "\n";
}

}  // namespace

void compareChosenSchedule(const Project& project, RunReport& report) {
  if (!report.scheduled) return;
  const ArchEvaluation& chosen = report.evaluation;
  const EvalContext context = evalContextFor(project);
  const std::string chosenName = std::string("chosen (") + objectiveName(context.objective) + ")";
  if (chosen.hasNpuOnlySchedule)
    report.comparisons.push_back(compareSchedules("NPU only", chosen.npuOnly, chosen.layers,
                                                  chosenName, chosen.hybrid, chosen.layers));
  else
    report.notes.push_back("comparison: no NPU-only schedule (" + chosen.eval.npuOnly.why + ")");
  const Arch arch = parseArchKey(report.chosenKey);
  for (Objective other : {Objective::Latency, Objective::Energy, Objective::Edp}) {
    if (other == context.objective) continue;
    EvalContext otherContext = context;
    otherContext.objective = other;
    const ArchEvaluation e =
        evaluateArch(otherContext, arch, EvalRequest{EvalDepth::Full, chosen.hybrid.frames});
    const std::string name = std::string(objectiveName(other)) + " objective";
    if (!e.feasible()) {
      report.notes.push_back("comparison: no feasible schedule under the " + name + " (" +
                             e.eval.hetero.why + ")");
      continue;
    }
    report.comparisons.push_back(
        compareSchedules(name, e.hybrid, e.layers, chosenName, chosen.hybrid, chosen.layers));
  }
}

std::string comparisonMarkdown(const RunReport& report) {
  if (report.comparisons.empty()) return {};
  std::ostringstream md;
  md << "\n## Comparison\n\n"
     << "The chosen schedule against the NPU-only baseline and against the same arch scheduled "
        "under the "
        "other objectives (per frame; \"faster by\" and \"lower by\" say the chosen schedule is "
        "better).\n";
  for (const ScheduleComparison& c : report.comparisons) comparisonTable(md, c);
  return md.str();
}

}  // namespace h4h
