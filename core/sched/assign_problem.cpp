// The chain as flat arrays: the problem once per assignExact call, and per weighted
// objective its stages and steps (assign_dp.h).
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "sched/assign_dp.h"
#include "sched/frame_steps.h"

namespace h4h::assign_dp {

bool buildProblem(const std::vector<Layer>& layers, const NetworkProfile& profile,
                  const AssignConfig& config, Problem& p, std::vector<int>& readerCursor) {
  if (layers.empty() || profile.size() != layers.size()) return false;
  const int n = static_cast<int>(layers.size());
  p.n = n;
  p.config = config;
  p.layers = &layers;
  p.profile = &profile;
  for (DeviceColumns* columns : {&p.npu, &p.cim}) {
    columns->latencyNs.resize(n);
    columns->energyNj.resize(n);
    columns->supported.resize(n);
  }
  p.transferLatencyNs.resize(n + 1);
  p.transferEnergyNj.resize(n + 1);
  p.weightBytes.resize(n);
  p.weightUnits.assign(n, 0);
  p.transferLatencyNs[0] = config.inputTransfer.latencyNs;
  p.transferEnergyNj[0] = config.inputTransfer.energyNj;
  std::int64_t cimTotal = 0, unit = 0;
  bool valid = true;  // checked while copying: one pass over the layers, not two
  for (int i = 0; i < n; ++i) {
    valid = valid & detail::layerOk(layers, profile, static_cast<std::size_t>(i));
    const LayerProfile& lp = profile[i];
    p.npu.latencyNs[i] = lp.npu.latencyNs;
    p.npu.energyNj[i] = lp.npu.energyNj;
    p.npu.supported[i] = lp.npu.supported;
    p.cim.latencyNs[i] = lp.cim.latencyNs;
    p.cim.energyNj[i] = lp.cim.energyNj;
    p.cim.supported[i] = lp.cim.supported;
    p.transferLatencyNs[i + 1] = lp.outputTransfer.latencyNs;
    p.transferEnergyNj[i + 1] = lp.outputTransfer.energyNj;
    p.weightBytes[i] = lp.weightBytes;
    if (lp.cim.supported) {
      cimTotal += lp.weightBytes;
      // The divisor settles within a few layers: test it before the (looping) gcd.
      if (unit == 0 || lp.weightBytes % unit != 0) unit = std::gcd(unit, lp.weightBytes);
    }
  }
  if (!valid) return false;
  const std::int64_t capacity = config.cimCapacityBytes;
  p.capacityMatters = cimTotal > capacity;
  p.unitBytes = unit > 0 ? unit : 1;
  std::int64_t totalUnits = 0;
  for (int i = 0; i < n; ++i)
    if (p.cim.supported[i]) totalUnits += p.weightUnits[i] = p.weightBytes[i] / p.unitBytes;
  const bool reload = config.cimAllowReload;
  p.capacityUnits = reload ? std::numeric_limits<std::int64_t>::max() / 4 : capacity / p.unitBytes;
  // Cells: the smallest power of two of units that spans the reachable range in at most
  // capacityBuckets cells (0: one cell per unit, exact).
  const std::int64_t span = reload ? totalUnits : std::min(totalUnits, p.capacityUnits);
  p.cellShift = 0;
  if (config.capacityBuckets > 0)
    while ((span >> p.cellShift) >= config.capacityBuckets) ++p.cellShift;
  p.cells = (span >> p.cellShift) + 1;

  // Tracked tensors T_i = {i} ∪ {s < i : some layer after i reads s as a residual}.
  std::vector<int>& lastReader = p.lastResidualReader;
  lastReader.assign(n, -1);
  p.residualSource.assign(n, -2);
  p.readerOffset.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    const int source = layers[i].residualSource;
    p.residualSource[i] = source;
    if (source >= 0) {
      lastReader[source] = std::max(lastReader[source], i);
      ++p.readerOffset[source + 1];
    }
  }
  for (int i = 0; i < n; ++i) p.readerOffset[i + 1] += p.readerOffset[i];
  p.residualReaders.resize(static_cast<std::size_t>(p.readerOffset[n]));
  readerCursor.assign(p.readerOffset.begin(), p.readerOffset.end() - 1);
  for (int i = 0; i < n; ++i)
    if (p.residualSource[i] >= 0)
      p.residualReaders[static_cast<std::size_t>(readerCursor[p.residualSource[i]]++)] = i;
  p.trackedCount.assign(n, 1);
  p.gatherOffset.assign(n + 1, 0);
  p.gather.clear();
  p.residualPosition.assign(n, kNoResidual);
  p.residualPosition[0] = p.residualSource[0] == -1 ? -1 : kNoResidual;
  // T_{i-1} and T_i in small local arrays (|T_{i-1}| <= kMaxTracked, checked as they are
  // built, so |T_i| <= kMaxTracked + 1), swapped by pointer: no vector in the loop.
  int listA[kMaxTracked + 1], listB[kMaxTracked + 1];
  int* prev = listA;
  int* cur = listB;
  int prevCount = 1;
  prev[0] = 0;
  for (int i = 1; i < n; ++i) {
    p.gatherOffset[i] = static_cast<int>(p.gather.size());
    int count = 1;
    cur[0] = i;
    for (int q = 0; q < prevCount; ++q) {
      if (lastReader[prev[q]] > i) {
        cur[count++] = prev[q];
        p.gather.push_back(q);
      }
    }
    if (count > kMaxTracked)
      throw InputError("layers[" + std::to_string(i) + "]: more than " + std::to_string(kMaxTracked - 1) +
                       " residual tensors are pending at once; the scheduler supports at most that many (" +
                       std::to_string(count - 1) + ")");
    const int source = p.residualSource[i];
    if (source == -1) {
      p.residualPosition[i] = -1;
    } else if (source >= 0) {
      p.residualPosition[i] = static_cast<int>(std::find(prev, prev + prevCount, source) - prev);
    }
    p.trackedCount[i] = count;
    std::swap(prev, cur);
    prevCount = count;
  }
  p.gatherOffset[n] = static_cast<int>(p.gather.size());
  return true;
}

void buildWeighted(const Problem& p, double latencyWeight, double energyWeight, Weighted& w) {
  const int n = p.n;
  w.latencyWeight = latencyWeight;
  w.energyWeight = energyWeight;
  w.reloadPerByte =
      latencyWeight * p.config.reloadNsPerByte + energyWeight * p.config.reloadNjPerByte;
  for (int d = 0; d < 2; ++d) {
    const DeviceColumns& costs = p.on(d);
    w.compute[d].resize(n);
    for (int i = 0; i < n; ++i)
      w.compute[d][i] = latencyWeight * costs.latencyNs[i] + energyWeight * costs.energyNj[i];
  }
  w.transfer.resize(n + 1);
  for (int t = 0; t <= n; ++t)
    w.transfer[t] = latencyWeight * p.transferLatencyNs[t] + energyWeight * p.transferEnergyNj[t];
  auto transferOf = [&](int tensor) { return w.transfer[tensor + 1]; };
  w.residual.resize(n);
  for (int i = 0; i < n; ++i)
    w.residual[i] = p.residualSource[i] >= -1 ? transferOf(p.residualSource[i]) : 0.0;
  // A layer whose CIM cost exceeds its NPU cost by more than every transfer it could
  // save is never better on the CIM (moving it to the NPU also frees capacity): the DPs
  // do not branch on it.
  w.cim.resize(n);
  w.fixed.resize(n);
  for (int i = 0; i < n; ++i) {
    const bool npu = p.npu.supported[i], both = npu & (p.cim.supported[i] != 0);
    const double exposure = transferOf(i - 1) +
                            (i < n - 1 || p.config.outputToNpu ? transferOf(i) : 0.0) +
                            p.readers(i) * transferOf(i) + w.residual[i];
    const bool dominated = w.compute[1][i] - w.compute[0][i] > exposure;
    const bool onCim = p.cim.supported[i] & !(both & dominated);
    w.cim[i] = onCim;
    // -1: a decision; else the one device it can run on (0 NPU, 1 CIM), 2 neither.
    w.fixed[i] = static_cast<std::int8_t>(!npu * (2 - onCim) - (npu & onCim));
  }
  for (int d = 0; d < 2; ++d) {
    w.init[d] = kInf;
    w.initUnits[d] = d ? p.weightUnits[0] : 0;
    if (d ? !w.cim[0] : !p.npu.supported[0]) continue;
    w.init[d] = w.compute[d][0];
    if (d) w.init[d] += transferOf(-1) + (p.residualPosition[0] == -1 ? transferOf(-1) : 0.0);
  }
  w.layer.resize(n);
  int stages = 1;
  w.layer[0] = 0;
  for (int i = 1; i < n; ++i) {
    w.layer[stages] = i;
    stages += w.fixed[i] < 0;
  }
  w.layer.resize(stages);
  w.base.assign(stages + 1, 0);
  w.masks.assign(stages, 0);
  for (int k = 0; k < stages; ++k) {
    w.masks[k] = 1 << p.trackedCount[w.layer[k]];
    w.base[k + 1] = w.base[k] + w.masks[k];
  }

  // Layer i on device d from every state 0..states-1 at once: from (`state`, `cost`) to
  // (`outState`, `outCost`), which may be the same arrays. Layer by layer, then state by
  // state, so that the loops run the same number of times in a row (predictable), and
  // without branches on the states' devices, which vary without a pattern.
  constexpr int kMaxStates = 1 << kMaxTracked;
  auto advance = [&](int i, int d, bool allowed, int states, const int* state, const double* cost, int* outState,
                     double* outCost) {
    const double own = allowed ? w.compute[d][i] : kInf;
    const double in = transferOf(i - 1), residual = w.residual[i];
    const int position = p.residualPosition[i];
    const int residualBit =
        position >= 0 ? position : 30;  // the network input (or none): bit 30, always 0
    const int* gather = p.gather.data() + p.gatherOffset[i];
    const int kept = p.trackedCount[i] - 1;
    for (int m = 0; m < states; ++m) {
      const int fromMask = state[m];
      int high = 0;
      for (int k = 0; k < kept; ++k) high |= ((fromMask >> gather[k]) & 1) << (k + 1);
      const double step = own + in * static_cast<double>((fromMask & 1) != d) +
                          residual * static_cast<double>(((fromMask >> residualBit) & 1) != d);
      outCost[m] = cost[m] + step;
      outState[m] = high | d;
    }
  };
  // Runs the fixed layers from..to-1 from every state 0..states-1 into `state` and
  // `cost`; returns the CIM units they add (the same from every state).
  auto runFixed = [&](int from, int to, int states, int* state, double* cost) {
    for (int m = 0; m < states; ++m) {
      state[m] = m;
      cost[m] = 0.0;
    }
    std::int64_t units = 0;
    for (int i = from; i < to; ++i) {
      const int d = w.fixed[i];
      advance(i, d == 1, d != 2, states, state, cost, state, cost);
      units += d == 1 ? p.weightUnits[i] : 0;
    }
    return units;
  };
  const std::size_t slots = static_cast<std::size_t>(w.base[stages > 1 ? stages - 1 : 0]) * 2;
  w.stepCost.resize(slots);
  w.next.resize(slots);
  w.stepUnits.resize(slots);
  w.moves.resize(slots);
  std::size_t moves = 0;
  // Per state of the previous stage: where the fixed layers lead it and at what cost
  // (afterFixed), then the decision layer on each device (reached, stepCost).
  int afterFixed[kMaxStates], reached[2][kMaxStates];
  double afterFixedCost[kMaxStates], stepCost[2][kMaxStates];
  for (int k = 1; k < stages; ++k) {
    const int at = w.layer[k], states = w.masks[k - 1];
    const std::int64_t runUnits =
        runFixed(w.layer[k - 1] + 1, at, states, afterFixed, afterFixedCost);
    for (int d = 0; d < 2; ++d)
      advance(at, d, d ? w.cim[at] : p.npu.supported[at], states, afterFixed, afterFixedCost,
              reached[d], stepCost[d]);
    for (int fromMask = 0; fromMask < states; ++fromMask) {
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(w.base[k - 1] + fromMask) * 2 + d;
        const double cost = stepCost[d][fromMask];
        const std::int64_t units = runUnits + (d ? p.weightUnits[at] : 0);
        w.stepCost[slot] = cost;
        w.next[slot] = static_cast<std::uint16_t>(reached[d][fromMask]);
        w.stepUnits[slot] = units;
        // Fields written in place, not a Move copied in (docs/scheduler.md, "store
        // forwarding"); an impossible step is written and then overwritten by the next.
        Weighted::Move& move = w.moves[moves];
        move.fromSlot = w.base[k - 1] + fromMask;
        move.toSlot = w.base[k] + reached[d][fromMask];
        move.cost = cost;
        move.units = static_cast<double>(units);
        move.fromMask = static_cast<std::uint16_t>(fromMask);
        moves += cost < kInf;
      }
    }
  }
  w.moves.resize(moves);
  const int lastMasks = w.masks[stages - 1];
  const std::int64_t tailUnits =
      runFixed(w.layer[stages - 1] + 1, n, lastMasks, afterFixed, afterFixedCost);
  w.tail.resize(lastMasks);
  w.tailUnits.resize(lastMasks);
  for (int m = 0; m < lastMasks; ++m) {
    const bool possible = afterFixedCost[m] < kInf;
    w.tail[m] = possible
                    ? afterFixedCost[m] +
                          (p.config.outputToNpu && (afterFixed[m] & 1) ? transferOf(n - 1) : 0.0)
                    : kInf;
    w.tailUnits[m] = possible ? tailUnits : 0;
  }
}

void startDevices(const Problem& p, const Weighted& w, std::vector<Device>& out) {
  out.resize(p.n);
  for (int i = 0; i < p.n; ++i) out[i] = w.fixed[i] == 1 ? Device::Cim : Device::Npu;
}

double trueCost(const Problem& p, const Weighted& w, const std::vector<Device>& device) {
  double cost = 0.0;
  const bool ok = forEachFrameStep(
      *p.layers, *p.profile, p.config, device,
      [&](const FrameStep& s) {
        if (s.kind != StepKind::Reload)
          cost += w.latencyWeight * s.latencyNs + w.energyWeight * s.energyNj;
      },
      nullptr);
  if (!ok) return kInf;
  const std::int64_t over = cimWeightBytes(*p.profile, device) - p.config.cimCapacityBytes;
  if (over > 0) {
    if (!p.config.cimAllowReload) return kInf;
    cost += static_cast<double>(over) * w.reloadPerByte;
  }
  return cost;
}

double reloadPenalty(const Problem& p, const Weighted& w, std::int64_t units) {
  if (!p.config.cimAllowReload) return 0.0;
  const std::int64_t over = units * p.unitBytes - p.config.cimCapacityBytes;
  return over > 0 ? static_cast<double>(over) * w.reloadPerByte : 0.0;
}

}  // namespace h4h::assign_dp
