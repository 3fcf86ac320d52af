#pragma once
/// SGD with (Nesterov) momentum and decoupled-from-norms weight decay over a module's
/// named parameters, with its state saved by parameter name so checkpoints survive
/// parameter-order changes and resume bit-for-bit. Same update as torch::optim::SGD
/// (dampening 0): d = g + wd·p; buf = m·buf + d (buf = d on the first step);
/// d = d + m·buf (Nesterov) or buf; p -= lr·d. Weight decay applies to conv and linear
/// weights (tensors of two or more dimensions) only, not to biases or BN/LN affine
/// parameters. Parameters without a gradient (frozen, or unused by every subnet of the
/// step) are left exactly as they are, momentum included. Torch code only.

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace h4h {

class SgdOptimizer {
public:
  SgdOptimizer(const torch::nn::Module& module, double momentum, bool nesterov,
               double weightDecay);

  void step(double lr);
  /// Drops every momentum buffer (a new training phase starts from rest).
  void reset();
  /// Sets every gradient to undefined.
  void zeroGrad();

  const std::vector<std::pair<std::string, torch::Tensor>>& parameters() const { return m_params; }

  void save(torch::serialize::OutputArchive& archive) const;
  /// Throws InputError when the archive's parameter names differ from this module's.
  void load(torch::serialize::InputArchive& archive);

private:
  std::vector<std::pair<std::string, torch::Tensor>> m_params;
  std::vector<torch::Tensor> m_momentum;  ///< undefined until a parameter's first update
  double m_momentumFactor, m_weightDecay;
  bool m_nesterov;
};

}  // namespace h4h
