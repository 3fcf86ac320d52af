#pragma once
/// Byte-level checks of the dataset file formats (IDX of MNIST/Fashion-MNIST, CIFAR-10
/// binary batches), separate from the torch readers so that they can be fuzzed and
/// tested without LibTorch. Every error names the file and what was expected.

#include <cstdint>
#include <string>
#include <vector>

#include "data/file_bytes.h"

namespace h4h {

constexpr std::uint32_t kIdxImageMagic = 0x00000803u;  ///< idx3-ubyte: N x rows x cols
constexpr std::uint32_t kIdxLabelMagic = 0x00000801u;  ///< idx1-ubyte: N
constexpr std::int64_t kCifarRecordBytes = 1 + 3 * 32 * 32;

/// The decode limit of an IDX file: at most what its header declares.
DecodeLimit idxDecodeLimit(const std::string& path, std::uint32_t magic, int dims,
                           const char* what);

/// Checks the header and size of an IDX file with `dims` dimensions and returns them.
std::vector<std::int64_t> idxDims(const std::vector<std::uint8_t>& bytes, const std::string& path,
                                  std::uint32_t magic, int dims, const char* what);

/// Checks a whole idx3 image file (at least one image) and returns {N, rows, cols}.
std::vector<std::int64_t> checkIdxImages(const std::vector<std::uint8_t>& bytes,
                                         const std::string& path);
/// Checks a whole idx1 label file (every label < classes) and returns N.
std::int64_t checkIdxLabels(const std::vector<std::uint8_t>& bytes, const std::string& path,
                            int classes);
/// Checks a CIFAR-10 batch (whole records, labels 0..9) and returns its record count.
std::int64_t checkCifarBatch(const std::vector<std::uint8_t>& bytes, const std::string& path);

}  // namespace h4h
