#include "sched/objective.h"

namespace h4h {

const char* objectiveName(Objective objective) {
  switch (objective) {
    case Objective::Latency: return "latency";
    case Objective::Energy: return "energy";
    case Objective::Edp: return "edp";
  }
  return "unknown";
}

bool parseObjective(const std::string& name, Objective& objective) {
  for (Objective o : {Objective::Latency, Objective::Energy, Objective::Edp}) {
    if (name == objectiveName(o)) {
      objective = o;
      return true;
    }
  }
  return false;
}

double objectiveValue(Objective objective, double latencyNs, double energyNj) {
  switch (objective) {
    case Objective::Latency: return latencyNs;
    case Objective::Energy: return energyNj;
    case Objective::Edp: return latencyNs * energyNj;
  }
  return latencyNs;
}

}  // namespace h4h
