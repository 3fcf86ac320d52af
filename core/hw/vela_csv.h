#pragma once
/// The two CSV reports of Arm's Vela compiler for Ethos-U (read from its source,
/// ethosu/vela/npu_performance.py and stats_writer.py; formats of Vela 3.x):
///
///  * per layer, `<network>_per-layer.csv`, written with `--verbose-performance`: one
///    header per NPU subgraph, then one row per NPU operation:
///      TFLite_operator, NNG Operator, SRAM Usage, Peak%, Op Cycles, Network%, NPU,
///      SRAM AC, DRAM AC, OnFlash AC, OffFlash AC, MAC Count, Network%, Util%, Name
///    (TOSA_operator for TOSA input). Cycles are per inference: "NPU" is the compute
///    part (with weight transfers Vela could not hide), "* AC" the cycles each memory
///    needs for the bytes the op moves, and "Op Cycles" the largest of them.
///  * summary, `<network>_summary_<system config>.csv`: one header, one data row
///    (accelerator_configuration, system_config, memory_mode, core_clock, inference_time,
///    nn_macs, <memory>_total_bytes, cycles_npu, cycles_sram_access, cycles_dram_access,
///    cycles_total, ...).
///
/// Columns are found by name, so columns Vela adds later are ignored. Problems are
/// reported as `file:line: column 'NAME': problem (value)`, all of them at once.

#include <cstdint>
#include <string>
#include <vector>

namespace h4h {

/// One NPU operation of Vela's per-layer CSV.
struct VelaLayerRow {
  int line = 0;                       ///< line in the file (1-based)
  std::string sourceOperator;         ///< first column: the input network's op (CONV_2D; UNKNOWN for ops Vela added)
  std::string npuOperator;            ///< "NNG Operator": Vela's op after graph rewriting (Conv2DBias)
  std::string name;                   ///< "Name": the op's output tensor
  double opCycles = 0.0;              ///< "Op Cycles" = max of the parts below
  double npuCycles = 0.0;             ///< "NPU"
  double sramAccessCycles = 0.0;      ///< "SRAM AC"
  double dramAccessCycles = 0.0;      ///< "DRAM AC"
  double onChipFlashAccessCycles = 0.0;   ///< "OnFlash AC" (0 when the column is absent)
  double offChipFlashAccessCycles = 0.0;  ///< "OffFlash AC" (0 when the column is absent)
  std::int64_t macs = 0;              ///< "MAC Count"

  /// The memory part: the busiest memory's access cycles.
  double memoryCycles() const;
};

struct VelaPerLayer {
  std::string source;                 ///< file name, for messages
  std::vector<VelaLayerRow> rows;     ///< in execution order, every subgraph's rows in turn
};

/// Vela's summary CSV: the settings it compiled for and its network totals.
struct VelaSummary {
  std::string source;
  std::string network;
  std::string acceleratorConfiguration;  ///< e.g. "ethos-u65-256"
  std::string systemConfig;              ///< e.g. "Ethos_U65_High_End"
  std::string memoryMode;                ///< e.g. "Shared_Sram"
  double coreClockHz = 0.0;
  double inferenceTimeS = 0.0;
  std::int64_t macs = 0;                 ///< nn_macs
  double sramTotalBytes = 0.0;           ///< sram_total_bytes (reads + writes, per inference)
  double dramTotalBytes = 0.0;           ///< dram_total_bytes
  double cyclesNpu = 0.0;
  double cyclesSramAccess = 0.0;
  double cyclesDramAccess = 0.0;
  double cyclesTotal = 0.0;

  /// MACs per cycle of the accelerator configuration ("ethos-u65-256" → 256); 0 when
  /// the name does not end in a number.
  int acceleratorMacsPerCycle() const;
};

/// Throw InputError listing every problem (file:line: column 'NAME': problem (value)).
VelaPerLayer parseVelaPerLayerCsv(const std::string& text, const std::string& source);
VelaPerLayer loadVelaPerLayerCsv(const std::string& path);
VelaSummary parseVelaSummaryCsv(const std::string& text, const std::string& source);
VelaSummary loadVelaSummaryCsv(const std::string& path);

}  // namespace h4h
