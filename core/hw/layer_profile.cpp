#include "hw/layer_profile.h"

namespace h4h {

const char* costSourceName(CostSource source) {
  return source == CostSource::Measured ? "measured" : "model";
}

}  // namespace h4h
