#pragma once
/// The weight-sharing hybrid supernet of a SearchSpace (DESIGN §6): one set of weights
/// holding every subnet. forward(x, arch) runs only the slices `arch` picks; extract
/// copies them into a standalone Subnet; recalibrateBN re-estimates the BatchNorm
/// statistics of one subnet. Device-agnostic: move it with ->to(device). Torch code
/// only (torch-free entry points: subnet_export.h).
///
/// Sharing rules: widths, expand ratios, MLP widths take leading channels; depths take
/// leading layers; a kernel takes the centre of the stage's largest kernel; heads
/// regroup the shared q/k/v (see ElasticVitBlock).

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "model/elastic_layers.h"
#include "model/subnet.h"
#include "space/search_space.h"

namespace h4h {

/// One stage of the supernet: children `mb` (maxMbDepth layers), `pos`, `vit`
/// (maxVitDepth blocks; both absent when the stage's largest ViT depth is 0).
class ElasticStageImpl : public torch::nn::Module {
public:
  ElasticStageImpl(const StageSpace& space, int maxIn, Activation act);
  torch::Tensor forward(torch::Tensor x, const StageArch& arch);

private:
  std::vector<ElasticMBConv> m_mb;
  ElasticConv2d m_pos{nullptr};
  std::vector<ElasticVitBlock> m_vit;
};
TORCH_MODULE(ElasticStage);

class SupernetImpl : public torch::nn::Module {
public:
  /// Throws InputError when `space` does not validate.
  explicit SupernetImpl(const SearchSpace& space);

  /// Logits of subnet `arch` for images (B, inputChannels, H, W) at any resolution
  /// (the caller resizes to arch.resolution). Throws InputError when the arch does not
  /// fit the space (see arch_fit.h).
  torch::Tensor forward(const torch::Tensor& x, const Arch& arch);

  /// A standalone copy of subnet `arch` (same device, same train/eval mode) whose
  /// output equals forward(x, arch).
  Subnet extract(const Arch& arch) const;

  /// Re-estimates the running statistics of the BatchNorm slices `arch` uses as the
  /// exact average over `batches` batches from `nextBatch` (which returns an undefined
  /// tensor to stop early). Weights and other slices are untouched; the module's
  /// train/eval mode is restored. Returns the number of batches used.
  int recalibrateBN(const Arch& arch, int batches,
                    const std::function<torch::Tensor()>& nextBatch);
  /// The same over a list of image batches.
  int recalibrateBN(const Arch& arch, const std::vector<torch::Tensor>& batches);

  const SearchSpace& space() const { return m_space; }
  torch::Device device() const;

private:
  void setBnMomentumOverride(double momentum);

  SearchSpace m_space;
  Activation m_act;
  ElasticConvBn m_stem{nullptr};
  std::vector<ElasticStage> m_stages;
  ElasticConvBn m_headConv{nullptr};
  ElasticLinear m_feature{nullptr}, m_classifier{nullptr};
};
TORCH_MODULE(Supernet);

/// Loads supernet weights from a checkpoint written by torch::save(supernet, path) or
/// by a trainer archive holding the model under the key "model". Throws InputError
/// naming the file when it is missing, unreadable or made for another space.
void loadSupernetWeights(Supernet& net, const std::string& path);

}  // namespace h4h
