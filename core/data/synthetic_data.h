#pragma once
/// A seeded synthetic image-classification set for tests and quick runs. Each class has
/// its own pattern (an oriented grating of class-specific frequency plus a blob at a
/// class-specific place, per channel); samples are randomly shifted, contrast-jittered
/// and noisy copies, so a small network can learn it in a few hundred steps.
/// Torch code only.

#include <cstdint>

#include "data/image_set.h"

namespace h4h {

struct SyntheticSpec {
  int samples = 2048;
  int channels = 1;
  int resolution = 28;
  int classes = 10;
  std::uint64_t seed = 1;    ///< fixes the class patterns
  std::uint64_t stream = 0;  ///< selects the samples (train, validation, test differ)
};

/// Labels cycle through the classes (balanced), images are uint8 (N, C, R, R).
ImageSet makeSyntheticSet(const SyntheticSpec& spec, const std::string& name);

}  // namespace h4h
