#include "data/dataset_format.h"

#include <cstdio>

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

constexpr std::int64_t kMaxIdxPayload = std::int64_t(1) << 40;

/// The whole size an IDX header declares (header included); throws for a wrong magic
/// number or implausible dimensions.
std::int64_t idxDeclaredSize(const std::uint8_t* header, const std::string& path,
                             std::uint32_t magic, int dims, const char* what,
                             std::vector<std::int64_t>* out) {
  const std::uint32_t got = bigEndian32(header);
  if (got != magic)
    throw InputError(path + ": not an IDX " + what + " file (magic number " + hex32(got) +
                     ", expected " + hex32(magic) + ")");
  std::int64_t payload = 1;
  for (int d = 0; d < dims; ++d) {
    const std::int64_t n = bigEndian32(header + 4 + 4 * d);
    if (out) out->push_back(n);
    if (n != 0 && payload > kMaxIdxPayload / n)
      throw InputError(path + ": implausible IDX dimensions (more than " +
                       std::to_string(kMaxIdxPayload) + " bytes of data)");
    payload *= n;
  }
  return 4 + 4 * static_cast<std::int64_t>(dims) + payload;
}

}  // namespace

DecodeLimit idxDecodeLimit(const std::string& path, std::uint32_t magic, int dims,
                           const char* what) {
  DecodeLimit limit;
  limit.headerBytes = 4 + 4 * static_cast<std::size_t>(dims);
  limit.declaredSize = [path, magic, dims, what](const std::uint8_t* header) {
    return static_cast<std::uint64_t>(idxDeclaredSize(header, path, magic, dims, what, nullptr));
  };
  limit.declaredBy = "its IDX header";
  return limit;
}

std::vector<std::int64_t> idxDims(const std::vector<std::uint8_t>& bytes, const std::string& path,
                                  std::uint32_t magic, int dims, const char* what) {
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(dims);
  if (bytes.size() < header)
    throw InputError(path + ": too short for an IDX " + what + " header (" +
                     std::to_string(bytes.size()) + " bytes, expected at least " +
                     std::to_string(header) + ")");
  std::vector<std::int64_t> out;
  const std::int64_t expected = idxDeclaredSize(bytes.data(), path, magic, dims, what, &out);
  if (static_cast<std::int64_t>(bytes.size()) != expected)
    throw InputError(path + ": size does not match its header (" + std::to_string(bytes.size()) +
                     " bytes, expected " + std::to_string(expected) +
                     (static_cast<std::int64_t>(bytes.size()) < expected ? "; truncated?)" : ")"));
  return out;
}

std::vector<std::int64_t> checkIdxImages(const std::vector<std::uint8_t>& bytes,
                                         const std::string& path) {
  const auto dims = idxDims(bytes, path, kIdxImageMagic, 3, "image");
  if (dims[0] == 0 || dims[1] == 0 || dims[2] == 0)
    throw InputError(path + ": IDX image file holds no images");
  return dims;
}

std::int64_t checkIdxLabels(const std::vector<std::uint8_t>& bytes, const std::string& path,
                            int classes) {
  const auto dims = idxDims(bytes, path, kIdxLabelMagic, 1, "label");
  for (std::int64_t i = 0; i < dims[0]; ++i) {
    const int label = bytes[8 + static_cast<std::size_t>(i)];
    if (label >= classes)
      throw InputError(path + ": label " + std::to_string(label) + " of item " + std::to_string(i) +
                       " is not a class index (expected < " + std::to_string(classes) + ")");
  }
  return dims[0];
}

std::int64_t checkCifarBatch(const std::vector<std::uint8_t>& bytes, const std::string& path) {
  const auto size = static_cast<std::int64_t>(bytes.size());
  if (size == 0 || size % kCifarRecordBytes != 0)
    throw InputError(path + ": not a CIFAR-10 binary batch (" + std::to_string(size) +
                     " bytes, expected a non-zero multiple of " +
                     std::to_string(kCifarRecordBytes) + "-byte records; truncated?)");
  const std::int64_t n = size / kCifarRecordBytes;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint8_t label = bytes[static_cast<std::size_t>(i * kCifarRecordBytes)];
    if (label > 9)
      throw InputError(path + ": record " + std::to_string(i) + " has label " +
                       std::to_string(label) + " (expected 0..9)");
  }
  return n;
}

}  // namespace h4h
