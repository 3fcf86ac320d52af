#pragma once
/// The H4H flexible hybrid search space (DESIGN §2): a stem, N stages of
/// "MBConv part + ViT part" (the ViT depth may be 0, so the space spans pure CNNs
/// to hybrids), and a head. Plain data; operations live in space_ops.h,
/// JSON in space_json.h, validation in space_validate.h.

#include <string>
#include <vector>

namespace h4h {

/// One stage's choices.
struct StageSpace {
  std::string name;              ///< free label shown in editors, e.g. "mb2" or "vit1"
  int stride = 1;                ///< 1 or 2, applied by the stage's first MBConv layer
  std::vector<int> widths;       ///< output channel choices
  // MBConv part
  std::vector<int> mbDepths;     ///< number of MBConv layers, each >= 1
  std::vector<int> kernels;      ///< depthwise kernel choices, odd (3, 5, 7)
  std::vector<int> expands;      ///< expand-ratio choices (1 = no expand conv)
  bool se = false;               ///< squeeze-excite in every MBConv layer of the stage
  // ViT part (tokens = the stage's H*W pixels, dim = width)
  std::vector<int> vitDepths{0}; ///< may include 0: that is what makes the space flexible
  std::vector<int> heads;        ///< head-count choices; each must divide every width
  std::vector<double> mlpRatios; ///< MLP hidden = ratio * width
};

/// Stem: one k×k conv.
struct StemSpace {
  std::vector<int> widths{16};
  int kernel = 3;
  int stride = 2;
};

/// Head: [1x1 conv] -> global pool -> [1x1 conv / fc] -> classifier.
struct HeadSpace {
  std::vector<int> convWidths;      ///< pre-pool 1x1 conv width choices; empty: see convExpand
  int convExpand = 0;               ///< if convWidths is empty and >0: width = convExpand * last width
  std::vector<int> featureWidths;   ///< post-pool 1x1 width choices; empty = none
};

struct SearchSpace {
  int inputChannels = 3;
  int classes = 1000;
  std::vector<int> trainResolutions{224};  ///< choices used while training the supernet
  /// The one input side every subnet is deployed at, when fixedDeployResolution is set.
  int deployResolution = 224;
  /// false (the default, as in NASViT and AttentiveNAS): a subnet's resolution choice is
  /// its deployment resolution, so its FLOPs, latency and energy are taken at it. true:
  /// every subnet is costed at deployResolution (for users who deploy at one size).
  bool fixedDeployResolution = false;
  std::string activation = "swish";       ///< "swish" or "relu6"
  StemSpace stem;
  std::vector<StageSpace> stages;
  HeadSpace head;
};

/// One stage's picks. Per-layer vectors have exactly mbDepth / vitDepth entries.
struct StageArch {
  int width = 0;
  int mbDepth = 1;
  std::vector<int> kernels;
  std::vector<int> expands;
  int vitDepth = 0;
  std::vector<int> heads;
  std::vector<double> mlpRatios;

  bool operator==(const StageArch& o) const;
  bool operator!=(const StageArch& o) const { return !(*this == o); }
};

/// One subnet: one value per choice of a SearchSpace.
struct Arch {
  int resolution = 224;
  int stemWidth = 0;
  std::vector<StageArch> stages;
  int headWidth = 0;     ///< pre-pool conv width (0 = the space has none)
  int featureWidth = 0;  ///< post-pool width (0 = none)

  bool operator==(const Arch& o) const;
  bool operator!=(const Arch& o) const { return !(*this == o); }
};

/// The input side the hardware sees for `arch`: its own resolution choice, or the
/// space's deploy resolution when the space fixes one.
inline int deploymentResolution(const SearchSpace& space, const Arch& arch) {
  return space.fixedDeployResolution ? space.deployResolution : arch.resolution;
}

}  // namespace h4h
