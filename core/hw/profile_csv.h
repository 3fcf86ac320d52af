#pragma once
/// The per-layer profile as CSV (what `h4h profile` prints), one row per layer:
///   id,block,kind,macs,weight_bytes,in_bytes,out_bytes,
///   npu_cycles,npu_latency_ns,npu_energy_nj,npu_util,npu_sram_bytes,npu_dram_bytes,
///   cim_supported,cim_cycles,cim_latency_ns,cim_energy_nj,cim_util,
///   link_latency_ns,link_energy_nj,source,cim_note
/// npu_*_bytes are the bytes the layer reads and writes at each level (DRAM: streamed
/// weights and feature maps placed there). link_* is the cost of moving the layer's output across the NPU<->CIM link. A layer
/// the CIM cannot run has cim_supported = 0, empty CIM cost cells (never zeros) and
/// the reason in cim_note. source is model, measured (both devices), measured:npu or
/// measured:cim.

#include <string>
#include <vector>

#include "graph/layer.h"
#include "hw/layer_profile.h"

namespace h4h {

std::string profileCsvHeader();
/// `profile` must be parallel to `layers`.
std::string profileCsv(const std::vector<Layer>& layers, const NetworkProfile& profile);

}  // namespace h4h
