#pragma once
/// The geometry of image-folder samples: a decoded image of any size becomes a square
/// uint8 (C, size, size) tensor. Training takes torchvision's RandomResizedCrop with its
/// default scale (0.08, 1) and ratio (3/4, 4/3); evaluation resizes the shorter side to
/// size / 0.875 and takes the centre (the usual ImageNet evaluation, 224 from 256).
/// Resizing is bilinear with antialiasing, as torchvision's. Torch code only.

#include <torch/torch.h>

#include <cstdint>
#include <random>

#include "data/image_codec.h"

namespace h4h {

/// A rectangle of an image, in pixels.
struct CropBox {
  int top = 0, left = 0, height = 0, width = 0;
};

/// torchvision's RandomResizedCrop.get_params: ten tries at an area fraction drawn from
/// [0.08, 1] and a log-uniform aspect ratio in [3/4, 4/3]; then the centre crop nearest
/// to that ratio range.
CropBox randomResizedCropBox(int height, int width, std::mt19937_64& rng);

/// The box of `image` resized to (size, size), as uint8 (C, size, size).
torch::Tensor resizedCrop(const Image8& image, const CropBox& box, int size);

/// The evaluation view: the shorter side resized to size / 0.875, then the centre
/// (size, size) taken, as uint8 (C, size, size).
torch::Tensor centreView(const Image8& image, int size);

}  // namespace h4h
