#include "model/depthwise_conv.h"

#include <ATen/Parallel.h>

#include <vector>

namespace h4h {
namespace {

/// acc[(kh * k + kw) * C + c] += Σ over images n0..n1 and output positions of
/// g[n, oh, ow, c] · x[n, oh·s − p + kh, ow·s − p + kw, c]; NHWC buffers, so the inner
/// loop runs over contiguous channels and vectorises (one clone per instruction set).
__attribute__((target_clones("avx512f", "avx2", "default")))
void accumulateTaps(const float* x, const float* g, float* acc, int64_t n0, int64_t n1, int64_t C, int64_t H,
                    int64_t W, int64_t Ho, int64_t Wo, int64_t k, int64_t s, int64_t p) {
  for (int64_t n = n0; n < n1; ++n) {
    for (int64_t oh = 0; oh < Ho; ++oh) {
      for (int64_t kh = 0; kh < k; ++kh) {
        const int64_t ih = oh * s - p + kh;
        if (ih < 0 || ih >= H) continue;
        const float* xrow = x + (n * H + ih) * W * C;
        const float* grow = g + (n * Ho + oh) * Wo * C;
        for (int64_t ow = 0; ow < Wo; ++ow) {
          const float* gp = grow + ow * C;
          for (int64_t kw = 0; kw < k; ++kw) {
            const int64_t iw = ow * s - p + kw;
            if (iw < 0 || iw >= W) continue;
            const float* xp = xrow + iw * C;
            float* ap = acc + (kh * k + kw) * C;
            for (int64_t c = 0; c < C; ++c) ap[c] += gp[c] * xp[c];
          }
        }
      }
    }
  }
}

/// Forward and input gradient by oneDNN, weight gradient by depthwiseWeightGrad.
class DepthwiseConvFunction : public torch::autograd::Function<DepthwiseConvFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, int64_t stride, int64_t padding) {
    ctx->save_for_backward({x, weight});
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    return torch::conv2d(x, weight, {}, stride, padding, 1, weight.size(0));
  }
  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& weight = saved[1];
    const int64_t s = ctx->saved_data["stride"].toInt(), p = ctx->saved_data["padding"].toInt();
    const torch::Tensor g = grads[0].contiguous(torch::MemoryFormat::ChannelsLast);
    torch::Tensor gradX;
    if (x.requires_grad())
      gradX = std::get<0>(at::convolution_backward(g, x, weight, c10::nullopt, {s, s}, {p, p}, {1, 1}, false,
                                                   {0, 0}, weight.size(0), {true, false, false}));
    torch::Tensor gradW;
    if (weight.requires_grad()) gradW = depthwiseWeightGrad(x, g, weight.size(2), s, p);
    return {gradX, gradW, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor depthwiseWeightGrad(const torch::Tensor& input, const torch::Tensor& gradOut, int64_t kernel,
                                  int64_t stride, int64_t padding) {
  const auto nhwc = torch::MemoryFormat::ChannelsLast;
  const torch::Tensor x = input.detach().to(torch::kFloat).contiguous(nhwc);
  const torch::Tensor g = gradOut.detach().to(torch::kFloat).contiguous(nhwc);
  const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), Ho = g.size(2), Wo = g.size(3);
  const int64_t taps = kernel * kernel * C;
  const int threads = at::get_num_threads();
  // One accumulator per thread, summed at the end: no atomics, deterministic for a
  // given thread count.
  std::vector<float> acc(static_cast<std::size_t>(threads * taps), 0.0f);
  const float* xp = x.data_ptr<float>();
  const float* gp = g.data_ptr<float>();
  at::parallel_for(0, N, (N + threads - 1) / threads, [&](int64_t n0, int64_t n1) {
    float* a = acc.data() + at::get_thread_num() * taps;
    accumulateTaps(xp, gp, a, n0, n1, C, H, W, Ho, Wo, kernel, stride, padding);
  });
  torch::Tensor out = torch::zeros({C, 1, kernel, kernel});
  float* o = out.data_ptr<float>();  // (C, k, k)
  for (int t = 0; t < threads; ++t)
    for (int64_t tap = 0; tap < kernel * kernel; ++tap)
      for (int64_t c = 0; c < C; ++c) o[c * kernel * kernel + tap] += acc[t * taps + tap * C + c];
  return out.to(input.scalar_type());
}

torch::Tensor depthwiseConv2d(const torch::Tensor& x, const torch::Tensor& weight, int64_t stride, int64_t padding) {
  return DepthwiseConvFunction::apply(x, weight, stride, padding);
}

torch::Tensor modelConv2d(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                          int64_t stride, bool depthwise) {
  const int64_t kernel = weight.size(2), padding = kernel / 2;
  if (depthwise && kernel > 3 && !bias.defined() && x.is_cpu() && torch::GradMode::is_enabled())
    return depthwiseConv2d(x, weight, stride, padding);
  return torch::conv2d(x, weight, bias, {stride, stride}, {padding, padding}, {1, 1}, depthwise ? x.size(1) : 1);
}

}  // namespace h4h
