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
                  const AssignConfig& config, Problem& p) {
  if (layers.empty() || profile.size() != layers.size()) return false;
  const int n = static_cast<int>(layers.size());
  p.n = n;
  p.config = config;
  p.layers = &layers;
  p.profile = &profile;
  for (int d = 0; d < 2; ++d) {
    p.lat[d].resize(n);
    p.en[d].resize(n);
    p.ok[d].resize(n);
  }
  p.xLat.resize(n + 1);
  p.xEn.resize(n + 1);
  p.wBytes.resize(n);
  p.wUnits.assign(n, 0);
  p.xLat[0] = config.inputTransfer.latencyNs;
  p.xEn[0] = config.inputTransfer.energyNj;
  std::int64_t cimTotal = 0, unit = 0;
  bool valid = true;  // checked while copying: one pass over the layers, not two
  for (int i = 0; i < n; ++i) {
    valid = valid & detail::layerOk(layers, profile, static_cast<std::size_t>(i));
    const LayerProfile& lp = profile[i];
    p.lat[0][i] = lp.npu.latencyNs;
    p.en[0][i] = lp.npu.energyNj;
    p.ok[0][i] = lp.npu.supported;
    p.lat[1][i] = lp.cim.latencyNs;
    p.en[1][i] = lp.cim.energyNj;
    p.ok[1][i] = lp.cim.supported;
    p.xLat[i + 1] = lp.outputTransfer.latencyNs;
    p.xEn[i + 1] = lp.outputTransfer.energyNj;
    p.wBytes[i] = lp.weightBytes;
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
    if (p.ok[1][i]) totalUnits += p.wUnits[i] = p.wBytes[i] / p.unitBytes;
  const bool reload = config.cimAllowReload;
  p.capUnits = reload ? std::numeric_limits<std::int64_t>::max() / 4 : capacity / p.unitBytes;
  // Cells: the smallest power of two of units that spans the reachable range in at most
  // capacityBuckets cells (0: one cell per unit, exact).
  const std::int64_t span = reload ? totalUnits : std::min(totalUnits, p.capUnits);
  p.cellShift = 0;
  if (config.capacityBuckets > 0)
    while ((span >> p.cellShift) >= config.capacityBuckets) ++p.cellShift;
  p.cells = (span >> p.cellShift) + 1;

  // Tracked tensors T_i = {i} ∪ {s < i : some layer after i reads s as a residual}.
  thread_local std::vector<int> lastRead, fill;  // scratch: no allocation per call
  lastRead.assign(n, -1);
  p.resSrc.assign(n, -2);
  p.readerOff.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    const int s = layers[i].residualSource;
    p.resSrc[i] = s;
    if (s >= 0) {
      lastRead[s] = std::max(lastRead[s], i);
      ++p.readerOff[s + 1];
    }
  }
  for (int i = 0; i < n; ++i) p.readerOff[i + 1] += p.readerOff[i];
  p.readerList.resize(static_cast<std::size_t>(p.readerOff[n]));
  {
    fill.assign(p.readerOff.begin(), p.readerOff.end() - 1);
    for (int i = 0; i < n; ++i)
      if (p.resSrc[i] >= 0) p.readerList[static_cast<std::size_t>(fill[p.resSrc[i]]++)] = i;
  }
  p.nTracked.assign(n, 1);
  p.gatherOff.assign(n + 1, 0);
  p.gather.clear();
  p.resPos.assign(n, kNone);
  p.resPos[0] = p.resSrc[0] == -1 ? -1 : kNone;
  // T_{i-1} and T_i in small local arrays (|T_{i-1}| <= kMaxTracked, checked as they are
  // built, so |T_i| <= kMaxTracked + 1), swapped by pointer: no vector in the loop.
  int listA[kMaxTracked + 1], listB[kMaxTracked + 1];
  int* prev = listA;
  int* cur = listB;
  int prevCount = 1;
  prev[0] = 0;
  for (int i = 1; i < n; ++i) {
    p.gatherOff[i] = static_cast<int>(p.gather.size());
    int count = 1;
    cur[0] = i;
    for (int q = 0; q < prevCount; ++q) {
      if (lastRead[prev[q]] > i) {
        cur[count++] = prev[q];
        p.gather.push_back(q);
      }
    }
    if (count > kMaxTracked)
      throw InputError("layers[" + std::to_string(i) + "]: more than " + std::to_string(kMaxTracked - 1) +
                       " residual tensors are pending at once; the scheduler supports at most that many (" +
                       std::to_string(count - 1) + ")");
    const int s = p.resSrc[i];
    if (s == -1) {
      p.resPos[i] = -1;
    } else if (s >= 0) {
      p.resPos[i] = static_cast<int>(std::find(prev, prev + prevCount, s) - prev);
    }
    p.nTracked[i] = count;
    std::swap(prev, cur);
    prevCount = count;
  }
  p.gatherOff[n] = static_cast<int>(p.gather.size());
  return true;
}

void buildWeighted(const Problem& p, double a, double b, Weighted& w) {
  const int n = p.n;
  w.a = a;
  w.b = b;
  w.reloadPerByte = a * p.config.reloadNsPerByte + b * p.config.reloadNjPerByte;
  for (int d = 0; d < 2; ++d) {
    w.compute[d].resize(n);
    for (int i = 0; i < n; ++i) w.compute[d][i] = a * p.lat[d][i] + b * p.en[d][i];
  }
  w.transfer.resize(n + 1);
  for (int t = -1; t < n; ++t) w.transfer[t + 1] = a * p.xLat[t + 1] + b * p.xEn[t + 1];
  auto x = [&](int tensor) { return w.transfer[tensor + 1]; };
  w.residual.resize(n);
  for (int i = 0; i < n; ++i) w.residual[i] = p.resSrc[i] >= -1 ? x(p.resSrc[i]) : 0.0;
  // A layer whose CIM cost exceeds its NPU cost by more than every transfer it could
  // save is never better on the CIM (moving it to the NPU also frees capacity): the DPs
  // do not branch on it.
  w.cim.resize(n);
  w.fixed.resize(n);
  for (int i = 0; i < n; ++i) {
    const bool npu = p.ok[0][i], both = npu & (p.ok[1][i] != 0);
    const double exposure = x(i - 1) + (i < n - 1 || p.config.outputToNpu ? x(i) : 0.0) + p.readers(i) * x(i) +
                            w.residual[i];
    const bool dominated = w.compute[1][i] - w.compute[0][i] > exposure;
    const bool onCim = p.ok[1][i] & !(both & dominated);
    w.cim[i] = onCim;
    // -1: a decision; else the one device it can run on (0 NPU, 1 CIM), 2 neither.
    w.fixed[i] = static_cast<std::int8_t>(!npu * (2 - onCim) - (npu & onCim));
  }
  for (int d = 0; d < 2; ++d) {
    w.init[d] = kInf;
    w.initUnits[d] = d ? p.wUnits[0] : 0;
    if (d ? !w.cim[0] : !p.ok[0][0]) continue;
    w.init[d] = w.compute[d][0];
    if (d) w.init[d] += x(-1) + (p.resPos[0] == -1 ? x(-1) : 0.0);
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
    w.masks[k] = 1 << p.nTracked[w.layer[k]];
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
    const double in = x(i - 1), residual = w.residual[i];
    const int rp = p.resPos[i];
    const int residualBit = rp >= 0 ? rp : 30;  // the network input (or none): bit 30, always 0
    const int* g = p.gather.data() + p.gatherOff[i];
    const int kept = p.nTracked[i] - 1;
    for (int m = 0; m < states; ++m) {
      const int om = state[m];
      int high = 0;
      for (int k = 0; k < kept; ++k) high |= ((om >> g[k]) & 1) << (k + 1);
      const double step = own + in * static_cast<double>((om & 1) != d) +
                          residual * static_cast<double>(((om >> residualBit) & 1) != d);
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
      units += d == 1 ? p.wUnits[i] : 0;
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
  // (mid), then the decision layer on each device (next, stepCost).
  int mid[kMaxStates], next[2][kMaxStates];
  double midCost[kMaxStates], stepCost[2][kMaxStates];
  for (int k = 1; k < stages; ++k) {
    const int at = w.layer[k], states = w.masks[k - 1];
    const std::int64_t runUnits = runFixed(w.layer[k - 1] + 1, at, states, mid, midCost);
    for (int d = 0; d < 2; ++d)
      advance(at, d, d ? w.cim[at] : p.ok[0][at], states, mid, midCost, next[d], stepCost[d]);
    for (int om = 0; om < states; ++om) {
      for (int d = 0; d < 2; ++d) {
        const std::size_t slot = static_cast<std::size_t>(w.base[k - 1] + om) * 2 + d;
        const double c = stepCost[d][om];
        const std::int64_t units = runUnits + (d ? p.wUnits[at] : 0);
        w.stepCost[slot] = c;
        w.next[slot] = static_cast<std::uint16_t>(next[d][om]);
        w.stepUnits[slot] = units;
        // Fields written in place (a Move built on the stack and copied in is read back
        // across its separate stores, which stalls store forwarding); an impossible step
        // is written and then overwritten by the next.
        Weighted::Move& mv = w.moves[moves];
        mv.from = w.base[k - 1] + om;
        mv.to = w.base[k] + next[d][om];
        mv.cost = c;
        mv.units = static_cast<double>(units);
        mv.om = static_cast<std::uint16_t>(om);
        moves += c < kInf;
      }
    }
  }
  w.moves.resize(moves);
  const int lastMasks = w.masks[stages - 1];
  const std::int64_t tailUnits = runFixed(w.layer[stages - 1] + 1, n, lastMasks, mid, midCost);
  w.tail.resize(lastMasks);
  w.tailUnits.resize(lastMasks);
  for (int m = 0; m < lastMasks; ++m) {
    const bool possible = midCost[m] < kInf;
    w.tail[m] = possible ? midCost[m] + (p.config.outputToNpu && (mid[m] & 1) ? x(n - 1) : 0.0) : kInf;
    w.tailUnits[m] = possible ? tailUnits : 0;
  }
}

/// The exact weighted cost of a choice (true bytes for the reload penalty).
double trueCost(const Problem& p, const Weighted& w, const std::vector<Device>& device) {
  double cost = 0.0;
  const bool ok = forEachFrameStep(
      *p.layers, *p.profile, p.config, device,
      [&](const FrameStep& s) {
        if (s.kind != StepKind::Reload) cost += w.a * s.latencyNs + w.b * s.energyNj;
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
