#include "data/idx_reader.h"

#include "data/dataset_format.h"
#include "data/file_bytes.h"

namespace h4h {

torch::Tensor readIdxImages(const std::string& path) {
  const auto bytes = readFileBytes(path, idxDecodeLimit(path, kIdxImageMagic, 3, "image"));
  const auto dims = checkIdxImages(bytes, path);
  auto t = torch::empty({dims[0], 1, dims[1], dims[2]}, torch::kUInt8);
  std::memcpy(t.data_ptr<std::uint8_t>(), bytes.data() + 16, static_cast<std::size_t>(t.numel()));
  return t;
}

torch::Tensor readIdxLabels(const std::string& path, int classes) {
  const auto bytes = readFileBytes(path, idxDecodeLimit(path, kIdxLabelMagic, 1, "label"));
  const std::int64_t n = checkIdxLabels(bytes, path, classes);
  auto t = torch::empty({n}, torch::kInt64);
  auto* out = t.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < n; ++i) out[i] = bytes[8 + static_cast<std::size_t>(i)];
  return t;
}

}  // namespace h4h
