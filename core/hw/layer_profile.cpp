#include "hw/layer_profile.h"

namespace h4h {

const char* costSourceName(CostSource source) {
  return source == CostSource::Measured ? "measured" : "model";
}

const char* unsupportedReasonText(UnsupportedReason reason) {
  switch (reason) {
    case UnsupportedReason::None:
      return "";
    case UnsupportedReason::NoNearMemoryDigital:
      return "activation x activation matmul: no weights to keep in the macros and the CIM has no "
             "near-memory digital units";
    case UnsupportedReason::OverMacroCapacity:
      return "weights exceed the total macro capacity and reloads are not allowed";
    case UnsupportedReason::NoCim:
      return "NPU-only system: no CIM macros (hardware.cim.macros = 0)";
  }
  return "";
}

}  // namespace h4h
