#pragma once
/// The PyTorch definition of one exported subnet: `model.py`, a plain nn.Module with this
/// arch's exact layers (no dependency on H4H) whose names match state_dict.pt, so that
/// `import model; net = model.load()` runs and trains the subnet in Python and
/// `torch.onnx.export` takes it to vendor compilers. It mirrors subnet.h layer by layer,
/// layout included, so its logits equal ours (tests/test_export_python.cpp). Torch-free.

#include <string>
#include <vector>

#include "space/search_space.h"

namespace h4h {

/// What model.py states about its input besides the arch.
struct PythonModelInfo {
  std::string projectName;
  std::string archKey;
  int deployResolution = 0;
  std::vector<double> mean, std;  ///< per-channel input normalisation; empty when unknown
};

/// The text of model.py for subnet `arch` of `space`.
std::string subnetPythonModule(const SearchSpace& space, const Arch& arch, const PythonModelInfo& info);

}  // namespace h4h
