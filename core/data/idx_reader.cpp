#include "data/idx_reader.h"

#include "data/file_bytes.h"
#include "util/errors.h"

namespace h4h {

namespace {

std::uint32_t bigEndian32(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

/// Checks the header of an IDX file with `dims` dimensions and returns them.
std::vector<std::int64_t> idxDims(const std::vector<std::uint8_t>& bytes, const std::string& path,
                                  std::uint32_t magic, int dims, const char* what) {
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(dims);
  if (bytes.size() < header)
    throw InputError(path + ": too short for an IDX " + what + " header (" +
                     std::to_string(bytes.size()) + " bytes, expected at least " +
                     std::to_string(header) + ")");
  const std::uint32_t got = bigEndian32(bytes.data());
  if (got != magic)
    throw InputError(path + ": not an IDX " + what + " file (magic number " + hex32(got) +
                     ", expected " + hex32(magic) + ")");
  std::vector<std::int64_t> out;
  std::int64_t payload = 1;
  for (int d = 0; d < dims; ++d) {
    out.push_back(bigEndian32(bytes.data() + 4 + 4 * d));
    payload *= out.back();
    if (payload > (std::int64_t(1) << 40))
      throw InputError(path + ": implausible IDX dimensions");
  }
  const std::int64_t expected = static_cast<std::int64_t>(header) + payload;
  if (static_cast<std::int64_t>(bytes.size()) != expected)
    throw InputError(path + ": size does not match its header (" + std::to_string(bytes.size()) +
                     " bytes, expected " + std::to_string(expected) +
                     (static_cast<std::int64_t>(bytes.size()) < expected ? "; truncated?)" : ")"));
  return out;
}

}  // namespace

torch::Tensor readIdxImages(const std::string& path) {
  const auto bytes = readFileBytes(path);
  const auto dims = idxDims(bytes, path, 0x00000803u, 3, "image");
  if (dims[0] == 0 || dims[1] == 0 || dims[2] == 0)
    throw InputError(path + ": IDX image file holds no images");
  auto t = torch::empty({dims[0], 1, dims[1], dims[2]}, torch::kUInt8);
  std::memcpy(t.data_ptr<std::uint8_t>(), bytes.data() + 16, static_cast<std::size_t>(t.numel()));
  return t;
}

torch::Tensor readIdxLabels(const std::string& path, int classes) {
  const auto bytes = readFileBytes(path);
  const auto dims = idxDims(bytes, path, 0x00000801u, 1, "label");
  auto t = torch::empty({dims[0]}, torch::kInt64);
  auto* out = t.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < dims[0]; ++i) {
    const int label = bytes[8 + static_cast<std::size_t>(i)];
    if (label >= classes)
      throw InputError(path + ": label " + std::to_string(label) + " of item " + std::to_string(i) +
                       " is not a class index (expected < " + std::to_string(classes) + ")");
    out[i] = label;
  }
  return t;
}

}  // namespace h4h
