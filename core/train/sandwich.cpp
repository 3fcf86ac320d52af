#include "train/sandwich.h"

#include <algorithm>

#include "space/space_ops.h"
#include "train/subnet_eval.h"

namespace h4h {

std::vector<Arch> sandwichArchs(const SearchSpace& space, bool cnnOnly, int randomCount,
                                std::mt19937_64& rng) {
  std::vector<Arch> archs;
  archs.push_back(cnnOnly ? restrictCnnOnly(maxArch(space)) : maxArch(space));
  archs.push_back(cnnOnly ? restrictCnnOnly(minArch(space)) : minArch(space));
  for (int i = 0; i < randomCount; ++i) archs.push_back(sampleArch(space, rng, cnnOnly));
  return archs;
}

torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targetProbs) {
  return -(targetProbs * torch::log_softmax(logits, 1)).sum(1).mean();
}

namespace {

torch::Tensor labelLoss(const torch::Tensor& logits, const torch::Tensor& labels, double smoothing) {
  namespace F = torch::nn::functional;
  return F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().label_smoothing(smoothing));
}

/// Takes the current gradients out of the parameters.
std::vector<torch::Tensor> takeGrads(std::vector<torch::Tensor>& params) {
  std::vector<torch::Tensor> grads;
  grads.reserve(params.size());
  for (auto& p : params) {
    grads.push_back(p.grad());
    p.mutable_grad() = torch::Tensor();
  }
  return grads;
}

/// The defined tensors of `grads`, averaged over the ranks in place.
void reduceDefined(const SandwichSettings& settings, const std::vector<torch::Tensor>& grads) {
  if (!settings.reduceGradients) return;
  std::vector<torch::Tensor> defined;
  for (const auto& g : grads)
    if (g.defined()) defined.push_back(g);
  settings.reduceGradients(defined);
}

std::vector<torch::Tensor> currentGrads(const std::vector<torch::Tensor>& params) {
  std::vector<torch::Tensor> grads;
  grads.reserve(params.size());
  for (const auto& p : params) grads.push_back(p.grad());
  return grads;
}

void projectGradients(std::vector<torch::Tensor>& params, const std::vector<torch::Tensor>& gSup) {
  torch::NoGradGuard noGrad;
  for (std::size_t i = 0; i < params.size(); ++i) {
    torch::Tensor& grad = params[i].mutable_grad();
    if (!grad.defined())
      grad = gSup[i];
    else if (gSup[i].defined())
      grad = projectedGradient(grad, gSup[i]);
  }
}

}  // namespace

torch::Tensor projectedGradient(const torch::Tensor& gSub, const torch::Tensor& gSup) {
  torch::NoGradGuard noGrad;
  const double dot = (gSub * gSup).sum().item<double>();
  double s = 0.0;
  if (dot < 0.0) {
    const double norm2 = gSub.pow(2).sum().item<double>();
    s = norm2 > 0.0 ? std::clamp(-dot / norm2, 0.0, 2.0) : 0.0;
  }
  return gSub * (1.0 + s) + gSup;
}

SandwichLosses sandwichStep(Supernet& net, const torch::Tensor& images, const torch::Tensor& labels,
                            const std::vector<Arch>& archs, const SandwichSettings& settings) {
  std::vector<torch::Tensor> params;
  for (auto& p : net->parameters())
    if (p.requires_grad()) params.push_back(p);
  for (auto& p : params) p.mutable_grad() = torch::Tensor();

  SandwichLosses out;
  torch::Tensor teacher;
  {
    auto logits = net->forward(atResolution(images, archs.front().resolution), archs.front());
    auto loss = labelLoss(logits, labels, settings.labelSmoothing);
    loss.backward();
    out.maxLoss = loss.item<double>();
    if (settings.distill) teacher = torch::softmax(logits.detach(), 1);
  }
  std::vector<torch::Tensor> gSup;
  if (settings.gradProjection) gSup = takeGrads(params);

  double subSum = 0.0;
  for (std::size_t i = 1; i < archs.size(); ++i) {
    auto logits = net->forward(atResolution(images, archs[i].resolution), archs[i]);
    auto loss = settings.distill ? softCrossEntropy(logits, teacher)
                                 : labelLoss(logits, labels, settings.labelSmoothing);
    loss.backward();
    subSum += loss.item<double>();
  }
  if (archs.size() > 1) out.subLoss = subSum / static_cast<double>(archs.size() - 1);
  reduceDefined(settings, currentGrads(params));
  if (settings.gradProjection) {
    reduceDefined(settings, gSup);
    projectGradients(params, gSup);
  }
  return out;
}

}  // namespace h4h
