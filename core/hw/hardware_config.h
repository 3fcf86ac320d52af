#pragma once
/// The project's `hardware` section (DESIGN §4): an NPU (systolic array), a CIM
/// (near-memory-compute macros) and the link between them. Every parameter has its
/// unit in its name and is validated on load; docs/hardware_model.md gives the
/// equations that use them and the sources of the preset values.

#include <cstdint>
#include <string>

#include "util/json_fields.h"

namespace h4h {

/// How a GEMM is laid on the systolic array (SCALE-Sim terms).
enum class Dataflow {
  OutputStationary,  ///< rows: output pixels (M), cols: output channels (N), time: K
  WeightStationary   ///< rows: reduction (K), cols: output channels (N), time: M
};

/// "os" / "ws", as in files and on the command line.
const char* dataflowName(Dataflow dataflow);
/// Parses "os" / "ws"; returns false when unknown.
bool parseDataflow(const std::string& text, Dataflow& dataflow);

/// How the NPU runs activation×activation matmuls (Q·Kᵀ, attention·V);
/// docs/hardware_model.md §Activation × activation matmuls.
enum class ActMatmul {
  Gemm,                ///< per-head GEMMs; the stationary operand (Kᵀ, V) loads from SRAM like weights
  RowByRowPessimistic  ///< one GEMV per output row, reloading the stationary operand each time
};

/// "gemm" / "row_by_row_pessimistic", as in files.
const char* actMatmulName(ActMatmul mode);
/// Parses an ActMatmul name; returns false when unknown.
bool parseActMatmul(const std::string& text, ActMatmul& mode);

/// Where an Ethos-U keeps weights and feature maps (Arm Vela's memory modes,
/// vela.ini Memory_Mode.*; docs/hardware_model.md §NPU memory modes).
enum class NpuMemoryMode {
  SramOnly,      ///< weights and feature maps in SRAM
  SharedSram,    ///< feature maps in SRAM, weights streamed from DRAM every frame
  DedicatedSram  ///< both in DRAM; the SRAM is a cache of sram_cache_bytes
};

/// "sram_only" / "shared_sram" / "dedicated_sram", as in files and on the command line.
const char* memoryModeName(NpuMemoryMode mode);
/// Parses a memory mode name; returns false when unknown.
bool parseMemoryMode(const std::string& text, NpuMemoryMode& mode);
/// "sram_only, shared_sram, dedicated_sram": for error messages.
const char* memoryModeChoices();

/// An Ethos-U-class NPU modelled as `cores` rows×cols systolic arrays. Defaults are the
/// ethos_u65_256 preset (a test keeps them equal to the preset file).
struct NpuConfig {
  int rows = 32;
  int cols = 8;
  /// Arrays working on one layer side by side, each on its share of the output
  /// channels (Ethos-U65-512 is two 256-MAC cores: Vela architecture_features.py).
  int cores = 1;
  double clockGhz = 1.0;
  Dataflow dataflow = Dataflow::WeightStationary;
  std::int64_t sramBytes = 2 * 1024 * 1024;
  double sramBandwidthGBs = 16.0;
  double dramBandwidthGBs = 3.75;
  /// Fixed latency of one access to each level, in NPU cycles: the SoC memory system
  /// as the NPU sees it (the link and CIM weight reloads go through it too).
  std::int64_t sramLatencyCycles = 32;
  std::int64_t dramLatencyCycles = 500;
  NpuMemoryMode memoryMode = NpuMemoryMode::SharedSram;
  /// The SRAM the NPU uses as a cache in dedicated_sram mode.
  std::int64_t sramCacheBytes = 512 * 1024;
  /// Bytes one AXI burst moves at each level: a transfer of shorter contiguous runs
  /// still occupies whole bursts (vela.ini Sram_burst_length / Dram_burst_length).
  int sramBurstBytes = 32;
  int dramBurstBytes = 128;
  /// On-chip block buffer of one core holding an OFM block's accumulators and its IFM
  /// block, double-buffered; its size sets the OFM block and so the re-reads.
  std::int64_t blockBufferBytes = 48 * 1024;
  double energyPerMacPj = 0.2;
  double energyPerSramBytePj = 5.0;
  double energyPerDramBytePj = 40.0;
  double energyPerVectorOpPj = 0.5;
  double staticPowerMw = 10.0;
  /// Fixed cycles added to every layer on top of its bound and its memory latencies.
  std::int64_t layerOverheadCycles = 0;
  /// Elementwise ops per cycle of the vector unit (add, layernorm, softmax, mlp_act, pool).
  int vectorOpsPerCycle = 16;
  /// Activation×activation matmuls: per-head GEMMs, or row by row as an upper bound.
  /// Files before issue 20 held `act_matmul_row_by_row` (true = row by row).
  ActMatmul actMatmul = ActMatmul::Gemm;

  bool operator==(const NpuConfig& o) const;
  bool operator!=(const NpuConfig& o) const { return !(*this == o); }
};

/// Near-memory-compute macros holding the weights of the layers placed on them
/// (docs/hardware_model.md §CIM). A macro's array is read at a bounded rate; its compute
/// units share each weight read across positions (pixels, tokens). Defaults are the
/// mram_nmc preset (a test keeps them equal to the preset file).
struct CimConfig {
  /// 0 = an NPU-only system: no macros, so every layer's CIM option is unsupported
  /// (docs/hardware_model.md §NPU-only systems); the other fields are then unused.
  int macros = 4;
  std::int64_t capacityBytesPerMacro = 1024 * 1024;
  /// Units that share each weight read of one macro, each on its own position.
  int computeUnitsPerMacro = 1;
  /// MAC lanes of one unit: it consumes one weight word of this many weights per cycle.
  int macsPerUnitPerCycle = 32;
  /// Outputs one word spans: 1 for a near-memory adder tree (one dot product per cycle),
  /// more for an in-array macro whose columns compute several outputs at once.
  int unitOutputsPerCycle = 1;
  /// Weight bytes the array delivers per cycle (the read bound).
  int weightReadBytesPerCycle = 32;
  double clockGhz = 0.5;
  /// Reading one weight byte out of the array (cells, bit lines, sensing).
  double arrayReadPjPerByte = 0.022;
  /// One multiply-accumulate of a compute unit's lane.
  double energyPerMacPj = 0.021;
  /// Peripheral cost of one partial sum (conversion or adder-tree output, shift-add,
  /// accumulation into the output register).
  double energyPerPartialSumPj = 0.64;
  /// Writing weights into one macro; macros are written in parallel.
  double weightWriteNsPerByte = 2.0;
  double weightWritePjPerByte = 8.0;
  double bufferBandwidthGBs = 32.0;
  double energyPerBufferBytePj = 0.5;
  /// Leakage and control while a layer runs.
  double staticPowerMw = 1.0;
  std::int64_t layerOverheadCycles = 100;
  /// Digital post-processing ops per cycle (add, layernorm, pool).
  int vectorOpsPerCycle = 16;
  double energyPerVectorOpPj = 0.5;
  /// Weights may be rewritten at run time, streamed from DRAM and written into the
  /// macros (MRAM endurance normally forbids it: weights are programmed once at load).
  bool allowReload = false;
  /// Near-memory digital MAC units that compute on buffered activations, so that
  /// activation×activation matmuls (Q·Kᵀ, attention·V) can run on the CIM.
  bool nearMemoryDigital = false;
  int nmdMacsPerCycle = 64;
  double nmdEnergyPerMacPj = 0.15;

  std::int64_t totalCapacityBytes() const { return capacityBytesPerMacro * macros; }
  /// False for an NPU-only system (macros = 0).
  bool present() const { return macros > 0; }
  bool operator==(const CimConfig& o) const;
  bool operator!=(const CimConfig& o) const { return !(*this == o); }
};

/// A level of the SoC memory system (hardware.npu gives its bandwidth, latency and
/// energy per byte).
enum class MemoryLevel { Sram, Dram };
/// "sram" / "dram", as in files.
const char* memoryLevelName(MemoryLevel level);
/// Parses "sram" / "dram"; returns false when unknown.
bool parseMemoryLevel(const std::string& text, MemoryLevel& level);

/// NPU<->CIM hand-off (docs/hardware_model.md §Link): the producer writes the tensor to
/// a shared buffer at `level` and the consumer reads it back, through a DMA path whose
/// own limits are the other fields. Defaults are the "default" link preset.
struct LinkConfig {
  MemoryLevel level = MemoryLevel::Sram;
  /// Fraction of the level's bandwidth a transfer gets (the NPU moves data at the
  /// same time in a pipelined schedule).
  double bandwidthShare = 0.5;
  /// The DMA path's own limit, besides the level's share.
  double bandwidthGBs = 16.0;
  /// DMA set-up, besides the level's access latency.
  double latencyNsPerTransfer = 0.0;
  /// Interconnect energy, besides the level's write and read.
  double energyPjPerByte = 1.0;

  bool operator==(const LinkConfig& o) const;
  bool operator!=(const LinkConfig& o) const { return !(*this == o); }
};

struct HardwareConfig {
  /// Combined SoC preset the device sections started from ("" = none).
  std::string socPreset;
  std::string npuPreset = "ethos_u65_256";  ///< preset the NPU values started from
  std::string cimPreset = "mram_nmc";
  std::string linkPreset = "default";
  NpuConfig npu;
  CimConfig cim;
  LinkConfig link;
  /// CSV of measured per-layer costs (relative to the project file); "" = none.
  std::string measuredTablePath;

  bool operator==(const HardwareConfig& o) const;
  bool operator!=(const HardwareConfig& o) const { return !(*this == o); }
};

/// Reads one device section over `base`: each present field replaces the base value.
/// With `complete`, every field is required (preset files must be complete).
NpuConfig npuConfigFromJson(const Json& j, const std::string& path, const NpuConfig& base,
                            ErrorList& errors, bool complete = false);
CimConfig cimConfigFromJson(const Json& j, const std::string& path, const CimConfig& base,
                            ErrorList& errors, bool complete = false);
LinkConfig linkConfigFromJson(const Json& j, const std::string& path, const LinkConfig& base,
                              ErrorList& errors, bool complete = false);
Json npuConfigToJson(const NpuConfig& c);
Json cimConfigToJson(const CimConfig& c);
Json linkConfigToJson(const LinkConfig& c);

/// The `hardware` section. It may name a combined SoC `preset` (soc_<name>.json: a
/// hardware section of its own), whose sections the project's sections override. Each
/// device section may name a `preset` (default: the default presets) whose values its
/// other fields override; `{}` loads the defaults.
/// Errors are path-named with units, e.g. `hardware.npu.rows: must be in [1, 4096] (0)`.
HardwareConfig hardwareFromJson(const Json& j, const std::string& path, ErrorList& errors);
/// Removes from a `hardware` section the fields that an earlier format version held and
/// that hardwareFromJson reads into their replacements (npu.act_matmul_row_by_row ->
/// npu.act_matmul), so a file saved with its unknown fields kept does not hold both.
void dropSupersededHardwareFields(Json& hardwareSection);
/// Every field written out (presets are a starting point, not a reference).
Json hardwareToJson(const HardwareConfig& hw);

}  // namespace h4h
