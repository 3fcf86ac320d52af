#include "data/synthetic_data.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace h4h {

namespace {

struct ClassPattern {
  double angle, frequency, phase, blobX, blobY, blobSigma;
};

}  // namespace

ImageSet makeSyntheticSet(const SyntheticSpec& spec, const std::string& name) {
  constexpr double kPi = 3.14159265358979323846;
  const int r = spec.resolution, c = spec.channels, k = spec.classes;
  std::mt19937_64 patternRng(spec.seed * 0x9E3779B97F4A7C15ULL + 17);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<ClassPattern> patterns(static_cast<std::size_t>(k * c));
  for (int cls = 0; cls < k; ++cls)
    for (int ch = 0; ch < c; ++ch) {
      ClassPattern& p = patterns[static_cast<std::size_t>(cls * c + ch)];
      p.angle = kPi * (cls + 0.3 * unit(patternRng)) / k + ch * 0.7;
      p.frequency = 1.5 + (cls % 3) + unit(patternRng);
      p.phase = 2 * kPi * unit(patternRng);
      p.blobX = 0.2 + 0.6 * unit(patternRng);
      p.blobY = 0.2 + 0.6 * unit(patternRng);
      p.blobSigma = 0.12 + 0.08 * unit(patternRng);
    }

  std::mt19937_64 rng(spec.seed * 0xD1B54A32D192ED03ULL + spec.stream * 0x94D049BB133111EBULL + 5);
  std::normal_distribution<double> noise(0.0, 0.12);
  auto images = torch::empty({spec.samples, c, r, r}, torch::kUInt8);
  auto labels = torch::empty({spec.samples}, torch::kInt64);
  auto* img = images.data_ptr<std::uint8_t>();
  auto* lab = labels.data_ptr<std::int64_t>();
  const double maxShift = std::max(1.0, r / 10.0);
  for (int i = 0; i < spec.samples; ++i) {
    const int cls = i % k;
    lab[i] = cls;
    const double dx = (2 * unit(rng) - 1) * maxShift / r, dy = (2 * unit(rng) - 1) * maxShift / r;
    const double contrast = 0.7 + 0.3 * unit(rng);
    for (int ch = 0; ch < c; ++ch) {
      const ClassPattern& p = patterns[static_cast<std::size_t>(cls * c + ch)];
      const double ca = std::cos(p.angle), sa = std::sin(p.angle);
      std::uint8_t* out = img + (static_cast<std::int64_t>(i) * c + ch) * r * r;
      for (int y = 0; y < r; ++y)
        for (int x = 0; x < r; ++x) {
          const double u = (x + 0.5) / r - dx, v = (y + 0.5) / r - dy;
          const double grating = std::sin(2 * kPi * p.frequency * (u * ca + v * sa) + p.phase);
          const double bx = u - p.blobX, by = v - p.blobY;
          const double blob = std::exp(-(bx * bx + by * by) / (2 * p.blobSigma * p.blobSigma));
          double value = 0.5 + contrast * (0.25 * grating + 0.35 * blob - 0.1) + noise(rng);
          value = std::min(1.0, std::max(0.0, value));
          out[y * r + x] = static_cast<std::uint8_t>(std::lround(value * 255.0));
        }
    }
  }
  return ImageSet{images, labels, k, name, nullptr};
}

}  // namespace h4h
