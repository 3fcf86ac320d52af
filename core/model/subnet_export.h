#pragma once
/// Exporting one subnet of a project's supernet for fine-tuning or deployment, behind
/// a torch-free header (the CLI and the studio call it). Torch-free.

#include <cstdint>
#include <string>

#include "project/project.h"
#include "space/search_space.h"

namespace h4h {

struct ExportOptions {
  std::string checkpointPath;  ///< supernet weights; "" = defaultCheckpointPath(project)
  bool untrained = false;      ///< export freshly initialised weights (seeded), no checkpoint
  std::uint64_t seed = 1;      ///< initialisation seed when untrained
  /// Training batches to re-estimate BN statistics on: < 0 = training.bn_recalib_batches
  /// (0 when untrained), 0 = keep the checkpoint's statistics.
  int bnBatches = -1;
  std::string device = "cpu";  ///< "cpu" or "cuda"
};

/// What exportSubnet wrote.
struct ExportResult {
  std::string weightsPath;    ///< subnet.pt: torch::save of the standalone Subnet module
  std::string stateDictPath;  ///< state_dict.pt: {name: tensor} (torch::pickle_save; torch.load in Python)
  std::string archPath;       ///< arch.json: key, arch, space, parameter and MAC counts, tensor names,
                              ///< checkpoint and supernet_run (the training run in force, or null)
  std::string layersPath;     ///< layers.csv: the layer table at the deploy resolution
  std::string pythonPath;     ///< model.py: the subnet as a plain PyTorch module (subnet_python.h)
  std::int64_t parameters = 0;
  int bnBatches = 0;          ///< batches BN statistics were re-estimated on
  std::string supernetRun;    ///< training run of the supernet in force used ("" = unknown / other file)
};

/// <project>.h4h.d/supernet.pt: the supernet in force, replaced only when a training run
/// finishes (train_status.h); arch.json names that run (supernet_run).
std::string defaultCheckpointPath(const Project& project);

/// Writes subnet `arch` of `project` into `outDir` (created if needed). Throws
/// InputError when the checkpoint is missing or does not match the space, the arch is
/// not in the space, or the data for BN recalibration cannot be read.
ExportResult exportSubnet(const Project& project, const Arch& arch, const std::string& outDir,
                          const ExportOptions& options = {});

}  // namespace h4h
