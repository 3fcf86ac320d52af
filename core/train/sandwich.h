#pragma once
/// One sandwich-rule step of supernet training (DESIGN §6): the max net learns from
/// the labels, the min net and the random subnets from the max net's soft labels
/// (in-place distillation), every subnet's gradient accumulates into the shared
/// weights; the caller then clips and takes one optimiser step. Torch code only.

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "model/supernet.h"
#include "space/search_space.h"

namespace h4h {

/// The archs of one step: max, min, then `randomCount` uniformly sampled archs, from
/// the CNN-only subspace when cnnOnly (every ViT depth 0), else from the whole space.
std::vector<Arch> sandwichArchs(const SearchSpace& space, bool cnnOnly, int randomCount,
                                std::mt19937_64& rng);

struct SandwichSettings {
  double labelSmoothing = 0.1;
  bool distill = true;          ///< false: every subnet learns from the labels
  bool gradProjection = false;  ///< NASViT projection (see sandwichStep)
  /// Data-parallel runs: averages gradients over the ranks (in place) before they are
  /// combined, so the projection sees global gradients; empty = one process.
  std::function<void(std::vector<torch::Tensor>& grads)> reduceGradients;
};

struct SandwichLosses {
  double maxLoss = 0.0;   ///< cross-entropy (label-smoothed) of the max net
  double subLoss = 0.0;   ///< mean loss of the other subnets (distillation or CE)
};

/// Runs forward + backward for every arch (archs[0] is the teacher) on one batch,
/// leaving the summed gradients (averaged over the ranks with reduceGradients) in the
/// parameters' .grad (existing ones are dropped first). With gradProjection the subnets' summed gradient g_sub is combined with the
/// max net's g_sup per tensor: when ⟨g_sub, g_sup⟩ < 0 the gradient is
/// (1+s)·g_sub + g_sup with s = clamp(−⟨g_sub,g_sup⟩/‖g_sub‖², 0, 2), else g_sub + g_sup.
SandwichLosses sandwichStep(Supernet& net, const torch::Tensor& images, const torch::Tensor& labels,
                            const std::vector<Arch>& archs, const SandwichSettings& settings);

/// NASViT's combination of one tensor's gradients: (1+s)·gSub + gSup with
/// s = clamp(−⟨gSub,gSup⟩/‖gSub‖², 0, 2) when ⟨gSub,gSup⟩ < 0, else gSub + gSup.
torch::Tensor projectedGradient(const torch::Tensor& gSub, const torch::Tensor& gSup);

/// Soft cross-entropy −Σ p·log softmax(logits), batch mean (KL up to a constant).
torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targetProbs);

}  // namespace h4h
