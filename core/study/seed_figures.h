#pragma once
/// The seed paper's figures the studies are compared with (H4H-NAS, NPU + CIM AR/VR SoC;
/// issue 21 quotes them). Percent improvement, positive = lower cost.

namespace h4h::seed {

/// NPU+CIM over NPU-only, over the architectures found.
constexpr double kLatencyReductionAvg = 21.9;
constexpr double kLatencyReductionBest = 56.1;
constexpr double kEnergyReductionAvg = 19.2;
constexpr double kEnergyReductionBest = 41.8;

/// Finding II: multiple compute units per CIM macro over one (current products).
constexpr double kComputeUnitsSpeedUp = 10.1;
constexpr double kComputeUnitsEnergy = 9.34;

}  // namespace h4h::seed
