#include "model/sync_batch_norm.h"

#include <cstdint>

namespace h4h {

namespace {

thread_local BatchStatsSync* t_sync = nullptr;

/// Per-channel view shape for broadcasting over (N, C, H, W).
std::vector<int64_t> channelShape(const torch::Tensor& x) {
  std::vector<int64_t> shape(static_cast<std::size_t>(x.dim()), 1);
  shape[1] = x.size(1);
  return shape;
}

/// Every dimension but the channel one.
std::vector<int64_t> reducedDims(const torch::Tensor& x) {
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < x.dim(); ++d) dims.push_back(d);
  return dims;
}

/// Forward: normalise with the global statistics. Backward (the batch-norm gradient
/// with the two per-channel sums taken over every rank):
///   dx = w·invstd·(g − Σg/M − x̂·Σ(g·x̂)/M),  dw = Σ_local g·x̂,  db = Σ_local g.
/// A rank's g is the gradient of its own loss; the parameter gradients then averaged
/// over the ranks are those of the global loss.
class SyncBatchNormFunction : public torch::autograd::Function<SyncBatchNormFunction> {
public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, const torch::Tensor& bias, torch::Tensor runningMean,
                               torch::Tensor runningVar, double momentum, double eps, BatchStatsSync* sync) {
    const auto dims = reducedDims(x);
    const int64_t c = x.size(1);
    // Sums in double: one process's batch_norm accumulates in double on the CPU too.
    torch::Tensor stats = torch::cat({x.sum(dims, false, torch::kFloat64), x.square().sum(dims, false, torch::kFloat64),
                                      torch::full({1}, static_cast<double>(x.numel() / c), torch::kFloat64)});
    sync->sumAcrossRanks(stats);
    const double count = stats[2 * c].item<double>();
    const torch::Tensor mean = stats.narrow(0, 0, c) / count;
    const torch::Tensor var = (stats.narrow(0, c, c) / count - mean.square()).clamp_min(0.0);
    {
      torch::NoGradGuard noGrad;
      const double unbiased = count > 1.0 ? count / (count - 1.0) : 1.0;
      runningMean.mul_(1.0 - momentum).add_(mean.to(runningMean.scalar_type()), momentum);
      runningVar.mul_(1.0 - momentum).add_((var * unbiased).to(runningVar.scalar_type()), momentum);
    }
    const torch::Tensor meanF = mean.to(x.scalar_type());
    const torch::Tensor invstd = (var + eps).rsqrt().to(x.scalar_type());
    ctx->save_for_backward({x, weight, meanF, invstd});
    ctx->saved_data["count"] = count;
    ctx->saved_data["sync"] = reinterpret_cast<int64_t>(sync);
    const auto shape = channelShape(x);
    return ((x - meanF.view(shape)) * (invstd * weight).view(shape) + bias.view(shape))
        .contiguous(x.suggest_memory_format());
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &x = saved[0], &weight = saved[1], &mean = saved[2], &invstd = saved[3];
    const double count = ctx->saved_data["count"].toDouble();
    auto* sync = reinterpret_cast<BatchStatsSync*>(ctx->saved_data["sync"].toInt());
    const torch::Tensor g = grads[0];
    const auto dims = reducedDims(x);
    const auto shape = channelShape(x);
    const int64_t c = x.size(1);
    const torch::Tensor xhat = (x - mean.view(shape)) * invstd.view(shape);
    const torch::Tensor sumG = g.sum(dims);
    const torch::Tensor sumGx = (g * xhat).sum(dims);
    torch::Tensor both = torch::cat({sumG, sumGx}).contiguous();
    sync->sumAcrossRanks(both);
    const torch::Tensor globalG = both.narrow(0, 0, c) / count, globalGx = both.narrow(0, c, c) / count;
    const torch::Tensor dx = (g - globalG.view(shape) - xhat * globalGx.view(shape)) * (invstd * weight).view(shape);
    return {dx.contiguous(x.suggest_memory_format()), sumGx, sumG, torch::Tensor(), torch::Tensor(),
            torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

BatchStatsSync* batchStatsSync() { return t_sync; }

ScopedBatchStatsSync::ScopedBatchStatsSync(BatchStatsSync* sync) : m_previous(t_sync) { t_sync = sync; }
ScopedBatchStatsSync::~ScopedBatchStatsSync() { t_sync = m_previous; }

torch::Tensor syncBatchNorm(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                            torch::Tensor runningMean, torch::Tensor runningVar, double momentum, double eps,
                            BatchStatsSync& sync) {
  return SyncBatchNormFunction::apply(x, weight, bias, std::move(runningMean), std::move(runningVar), momentum, eps,
                                      &sync);
}

}  // namespace h4h
