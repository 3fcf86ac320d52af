#pragma once
/// Whole-file reads for dataset readers: raw or gzip-compressed (detected by content,
/// via zlib), with errors that name the file. Torch-free.

#include <cstdint>
#include <string>
#include <vector>

namespace h4h {

/// The decompressed bytes of `path` (raw files are returned as they are). Throws
/// InputError naming the path when it is missing, unreadable or a truncated/corrupt
/// gzip stream.
std::vector<std::uint8_t> readFileBytes(const std::string& path);

/// True when `path` names an existing regular file.
bool fileExists(const std::string& path);

}  // namespace h4h
