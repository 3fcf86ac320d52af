#pragma once
/// Whole-file reads for dataset readers: raw or gzip-compressed (detected by content,
/// via zlib), with errors that name the file. The file must be a regular file within
/// kMaxDatasetFileBytes, and gzip data may not decode to more than its format can hold,
/// so a gzip bomb is refused instead of exhausting memory. Torch-free.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "util/file_read.h"

namespace h4h {

/// How much a dataset file may decode to.
struct DecodeLimit {
  std::uint64_t maxBytes = kMaxDatasetFileBytes;
  /// Once this many bytes are decoded, `declaredSize` (when set) gets them and returns the
  /// file's whole size as its header declares it; it may throw InputError for a bad header.
  std::size_t headerBytes = 0;
  std::function<std::uint64_t(const std::uint8_t* header)> declaredSize;
  std::string declaredBy;  ///< e.g. "its IDX header", for the message
};

/// `raw` as it is, or decompressed when it is gzip data (one or more members). Throws
/// InputError naming `path` for corrupt or truncated gzip data and for output beyond `limit`.
std::vector<std::uint8_t> decodeFileBytes(const std::string& raw, const std::string& path,
                                          const DecodeLimit& limit = {});

/// The decoded bytes of the file `path` (see decodeFileBytes). Throws InputError naming
/// the path when it is missing, not a regular file, too large, unreadable or corrupt.
std::vector<std::uint8_t> readFileBytes(const std::string& path, const DecodeLimit& limit = {});

/// True when `path` names an existing regular file.
bool fileExists(const std::string& path);

}  // namespace h4h
