#pragma once
/// The differences between two schedules (DESIGN §10: the studio's Compare view and the
/// report's comparison section): single-frame latency, period, frames/s, energy per
/// frame, busy time per lane, link bytes, CIM layers, and the layers that moved between
/// NPU and CIM. Each change carries its percentage and the words that say which way it
/// went ("faster by 12.3 %"), so the studio and the Markdown report cannot disagree;
/// both format the values in their own units.

#include <cstdint>
#include <string>
#include <vector>

#include "graph/layer.h"
#include "sched/device.h"
#include "sched/pipeline.h"

namespace h4h {

/// What one schedule is summed up by, per frame.
struct ScheduleFigures {
  double latencyNs = 0.0;  ///< one frame alone
  double periodNs = 0.0;
  double framesPerS = 0.0;
  double energyNj = 0.0;
  double busyNs[3] = {0.0, 0.0, 0.0};  ///< work per frame on each Lane (index = Lane value)
  std::int64_t linkBytes = 0;          ///< bytes one frame moves over the NPU<->CIM link
  int layers = 0;
  int cimLayers = 0;
};
ScheduleFigures scheduleFigures(const Schedule& schedule);

/// How a figure is written (the caller owns the units).
enum class FigureUnit { Ns, Nj, PerSecond, Bytes, Count };

/// One figure of both schedules: b relative to a.
struct FigureChange {
  std::string key;    ///< "latency", "period", "frames_per_s", "energy", "busy_npu", "busy_cim",
                      ///< "busy_link", "link_bytes", "cim_layers"
  std::string label;  ///< "latency", "busy NPU", ...
  FigureUnit unit = FigureUnit::Ns;
  double a = 0.0, b = 0.0;
  double pct = 0.0;   ///< 100 · (b − a) / a; NaN when a is not a positive finite number
  std::string words;  ///< b against a: "faster by 12.3 %", "higher by 4.0 %", "the same", "-"
};

/// A layer placed on the other device in b.
struct MovedLayer {
  int id = 0;
  std::string block;
  LayerKind kind = LayerKind::Conv;
  Device from = Device::Npu, to = Device::Cim;
};

struct ScheduleComparison {
  std::string nameA, nameB;
  ScheduleFigures a, b;
  std::vector<FigureChange> changes;  ///< in the order of FigureChange::key's list
  /// Both schedules run the same layers (same count, blocks, kinds and MACs): only then
  /// are layers compared one by one (moved).
  bool sameNetwork = false;
  std::vector<MovedLayer> moved;  ///< ordered by id
  int movedToCim = 0, movedToNpu = 0;

  const FigureChange* change(const std::string& key) const;
};

/// Compares schedule b (with its layers) against schedule a.
ScheduleComparison compareSchedules(const std::string& nameA, const Schedule& a,
                                    const std::vector<Layer>& layersA, const std::string& nameB,
                                    const Schedule& b, const std::vector<Layer>& layersB);

/// b against a in words: `lowerWord` when b is lower ("faster by 12.3 %"), `higherWord`
/// when higher, "the same" within 0.05 %; from a = 0: "higher (from 0)" or "the same";
/// "-" when a or b is not finite or a is negative.
std::string changeWords(double a, double b, const std::string& lowerWord,
                        const std::string& higherWord);

/// "12 (s1.mb0 pwconv), 13 (s1.mb0 dwconv), ..." of the moved layers in one direction.
std::string movedLayersText(const std::vector<MovedLayer>& moved, Device to,
                            std::size_t maxListed = 40);

}  // namespace h4h
