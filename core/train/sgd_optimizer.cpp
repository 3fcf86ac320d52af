#include "train/sgd_optimizer.h"

#include "util/errors.h"

namespace h4h {

SgdOptimizer::SgdOptimizer(const torch::nn::Module& module, double momentum, bool nesterov,
                           double weightDecay)
    : m_momentumFactor(momentum), m_weightDecay(weightDecay), m_nesterov(nesterov) {
  for (const auto& item : module.named_parameters(true)) m_params.emplace_back(item.key(), item.value());
  m_momentum.resize(m_params.size());
}

void SgdOptimizer::step(double lr) {
  torch::NoGradGuard noGrad;
  for (std::size_t i = 0; i < m_params.size(); ++i) {
    torch::Tensor& p = m_params[i].second;
    const torch::Tensor& g = p.grad();
    if (!g.defined()) continue;
    torch::Tensor d = g;
    if (m_weightDecay > 0.0 && p.dim() >= 2) d = d.add(p, m_weightDecay);
    if (m_momentumFactor > 0.0) {
      torch::Tensor& buf = m_momentum[i];
      if (!buf.defined())
        buf = d.clone();
      else
        buf.mul_(m_momentumFactor).add_(d);
      d = m_nesterov ? d.add(buf, m_momentumFactor) : buf;
    }
    p.add_(d, -lr);
  }
}

void SgdOptimizer::reset() {
  for (auto& buf : m_momentum) buf = torch::Tensor();
}

void SgdOptimizer::zeroGrad() {
  for (auto& item : m_params) item.second.mutable_grad() = torch::Tensor();
}

void SgdOptimizer::save(torch::serialize::OutputArchive& archive) const {
  std::string names;
  for (std::size_t i = 0; i < m_params.size(); ++i) {
    names += m_params[i].first + "\n";
    if (m_momentum[i].defined()) archive.write("m" + std::to_string(i), m_momentum[i], true);
  }
  archive.write("names", c10::IValue(names));
}

void SgdOptimizer::load(torch::serialize::InputArchive& archive) {
  c10::IValue namesValue;
  archive.read("names", namesValue);
  std::string expected;
  for (const auto& item : m_params) expected += item.first + "\n";
  if (!namesValue.isString() || namesValue.toStringRef() != expected)
    throw InputError("optimizer state: parameter names differ from the supernet's");
  for (std::size_t i = 0; i < m_params.size(); ++i) {
    torch::Tensor buf;
    if (archive.try_read("m" + std::to_string(i), buf, true))
      m_momentum[i] = buf.to(m_params[i].second.device());
    else
      m_momentum[i] = torch::Tensor();
  }
}

}  // namespace h4h
