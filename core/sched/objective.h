#pragma once
/// What the scheduler minimises. Energy·delay is the product of a frame's energy and
/// its latency (nJ·ns); it is not additive over layers, which assign.h handles exactly.

#include <string>

namespace h4h {

enum class Objective { Latency, Energy, Edp };

/// "latency", "energy", "edp" as in files and on the command line.
const char* objectiveName(Objective objective);
/// Parses a name (case-sensitive); returns false when unknown.
bool parseObjective(const std::string& name, Objective& objective);
/// The objective's value for a frame's totals.
double objectiveValue(Objective objective, double latencyNs, double energyNj);

}  // namespace h4h
