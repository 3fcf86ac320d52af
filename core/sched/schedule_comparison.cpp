#include "sched/schedule_comparison.h"

#include <cmath>
#include <cstdio>

namespace h4h {

namespace {

double pctChange(double a, double b) {
  if (!(a > 0.0) || !std::isfinite(a) || !std::isfinite(b)) return NAN;
  return 100.0 * (b - a) / a;
}

bool sameLayers(const std::vector<Layer>& a, const std::vector<Layer>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].block != b[i].block || a[i].kind != b[i].kind || a[i].macs != b[i].macs) return false;
  return true;
}

}  // namespace

ScheduleFigures scheduleFigures(const Schedule& s) {
  ScheduleFigures f;
  f.latencyNs = s.frameLatencyNs;
  f.periodNs = s.periodNs;
  f.framesPerS = s.throughputFps;
  f.energyNj = s.energyPerFrameNj;
  for (Lane lane : {Lane::Npu, Lane::Cim, Lane::Link})
    f.busyNs[int(lane)] = laneWorkPerFrame(s, lane);
  for (const ScheduleTask& t : s.tasks)
    if (t.frame == 0 && t.type == StepKind::Transfer) f.linkBytes += t.bytes;
  f.layers = static_cast<int>(s.device.size());
  for (Device d : s.device) f.cimLayers += d == Device::Cim;
  return f;
}

std::string changeWords(double a, double b, const std::string& lowerWord,
                        const std::string& higherWord) {
  if (a == 0.0 && std::isfinite(b))  // nothing to take a percentage of: a lane or link unused in a
    return b == 0.0 ? "the same" : (b < 0 ? lowerWord : higherWord) + " (from 0)";
  const double pct = pctChange(a, b);
  if (!std::isfinite(pct)) return "-";
  if (std::fabs(pct) < 0.05) return "the same";
  char buf[48];
  std::snprintf(buf, sizeof buf, " by %.1f %%", std::fabs(pct));
  return (pct < 0 ? lowerWord : higherWord) + buf;
}

const FigureChange* ScheduleComparison::change(const std::string& key) const {
  for (const FigureChange& c : changes)
    if (c.key == key) return &c;
  return nullptr;
}

ScheduleComparison compareSchedules(const std::string& nameA, const Schedule& a,
                                    const std::vector<Layer>& layersA, const std::string& nameB,
                                    const Schedule& b, const std::vector<Layer>& layersB) {
  ScheduleComparison c;
  c.nameA = nameA;
  c.nameB = nameB;
  c.a = scheduleFigures(a);
  c.b = scheduleFigures(b);
  const auto add = [&c](const char* key, const char* label, FigureUnit unit, double va, double vb,
                        const char* lower, const char* higher) {
    c.changes.push_back(
        {key, label, unit, va, vb, pctChange(va, vb), changeWords(va, vb, lower, higher)});
  };
  add("latency", "latency", FigureUnit::Ns, c.a.latencyNs, c.b.latencyNs, "faster", "slower");
  add("period", "period", FigureUnit::Ns, c.a.periodNs, c.b.periodNs, "shorter", "longer");
  add("frames_per_s", "frames/s", FigureUnit::PerSecond, c.a.framesPerS, c.b.framesPerS, "lower",
      "higher");
  add("energy", "energy / frame", FigureUnit::Nj, c.a.energyNj, c.b.energyNj, "lower", "higher");
  add("busy_npu", "busy NPU / frame", FigureUnit::Ns, c.a.busyNs[int(Lane::Npu)],
      c.b.busyNs[int(Lane::Npu)], "lower", "higher");
  add("busy_cim", "busy CIM / frame", FigureUnit::Ns, c.a.busyNs[int(Lane::Cim)],
      c.b.busyNs[int(Lane::Cim)], "lower", "higher");
  add("busy_link", "busy link / frame", FigureUnit::Ns, c.a.busyNs[int(Lane::Link)],
      c.b.busyNs[int(Lane::Link)], "lower", "higher");
  add("link_bytes", "link bytes / frame", FigureUnit::Bytes, double(c.a.linkBytes),
      double(c.b.linkBytes), "fewer", "more");
  add("cim_layers", "layers on CIM", FigureUnit::Count, c.a.cimLayers, c.b.cimLayers, "fewer",
      "more");

  c.sameNetwork = sameLayers(layersA, layersB) && a.device.size() == layersA.size() &&
                  b.device.size() == layersB.size();
  if (!c.sameNetwork) return c;
  for (std::size_t i = 0; i < layersA.size(); ++i) {
    if (a.device[i] == b.device[i]) continue;
    const Layer& l = layersA[i];
    c.moved.push_back({l.id, l.block, l.kind, a.device[i], b.device[i]});
    (b.device[i] == Device::Cim ? c.movedToCim : c.movedToNpu) += 1;
  }
  return c;
}

std::string movedLayersText(const std::vector<MovedLayer>& moved, Device to,
                            std::size_t maxListed) {
  std::string text;
  std::size_t listed = 0, more = 0;
  for (const MovedLayer& m : moved) {
    if (m.to != to) continue;
    if (listed == maxListed) {
      ++more;
      continue;
    }
    if (listed++) text += ", ";
    text += std::to_string(m.id) + " (" + m.block + " " + layerKindName(m.kind) + ")";
  }
  if (more) text += ", … and " + std::to_string(more) + " more";
  return text;
}

}  // namespace h4h
