#include "sched/device.h"

namespace h4h {

const char* deviceName(Device device) { return device == Device::Npu ? "npu" : "cim"; }

bool parseDevice(const std::string& name, Device& device) {
  if (name == "npu") device = Device::Npu;
  else if (name == "cim") device = Device::Cim;
  else return false;
  return true;
}

const char* laneName(Lane lane) {
  switch (lane) {
    case Lane::Npu: return "npu";
    case Lane::Cim: return "cim";
    case Lane::Link: return "link";
  }
  return "unknown";
}

bool parseLane(const std::string& name, Lane& lane) {
  for (Lane l : {Lane::Npu, Lane::Cim, Lane::Link}) {
    if (name == laneName(l)) {
      lane = l;
      return true;
    }
  }
  return false;
}

}  // namespace h4h
