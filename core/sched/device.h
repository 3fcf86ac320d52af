#pragma once
/// The two compute devices a layer can be assigned to, and the three lanes of the
/// pipeline (the NPU<->CIM link is a lane of its own).

#include <cstdint>
#include <string>

namespace h4h {

enum class Device : std::uint8_t { Npu = 0, Cim = 1 };

/// "npu" / "cim".
const char* deviceName(Device device);
bool parseDevice(const std::string& name, Device& device);
inline Device otherDevice(Device device) { return device == Device::Npu ? Device::Cim : Device::Npu; }

enum class Lane : std::uint8_t { Npu = 0, Cim = 1, Link = 2 };

/// "npu" / "cim" / "link".
const char* laneName(Lane lane);
bool parseLane(const std::string& name, Lane& lane);
inline Lane laneOf(Device device) { return device == Device::Npu ? Lane::Npu : Lane::Cim; }

}  // namespace h4h
