#pragma once
/// Depthwise convolution whose weight gradient is computed here for kernels larger than
/// 3×3: oneDNN 2.6 (LibTorch 1.13) has a direct depthwise weight-gradient kernel only up
/// to 3×3 and runs larger ones as a generic grouped convolution, ~5x slower than this
/// loop over channels-last buffers. The input gradient and the forward stay oneDNN's.

#include <torch/torch.h>

namespace h4h {

/// conv2d(x, weight, stride, padding, groups = channels) with the gradient above;
/// weight is (C, 1, k, k), x is (N, C, H, W) on the CPU — channels-last is fastest.
torch::Tensor depthwiseConv2d(const torch::Tensor& x, const torch::Tensor& weight, int64_t stride,
                              int64_t padding);

/// The convolution every model module runs (supernet slices and standalone subnet alike,
/// so both take the same kernels): depthwiseConv2d for a bias-free depthwise kernel
/// larger than 3×3 on the CPU while gradients are recorded, torch::conv2d otherwise.
/// `weight` is (out, in / groups, k, k); padding k / 2; groups = in when depthwise.
torch::Tensor modelConv2d(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                          int64_t stride, bool depthwise);

/// d loss / d weight of a depthwise convolution, (C, 1, k, k), from its input and the
/// gradient of its output. Exposed for tests.
torch::Tensor depthwiseWeightGrad(const torch::Tensor& input, const torch::Tensor& gradOut, int64_t kernel,
                                  int64_t stride, int64_t padding);

}  // namespace h4h
