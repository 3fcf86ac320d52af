#pragma once
/// The one reader of files that users point us at besides the project itself (measured
/// tables, topologies, arch files, presets, dataset files): it never blocks (a FIFO is
/// refused, not waited on), never reads without end (devices are refused, sizes capped)
/// and names the file in every error.

#include <cstdint>
#include <string>

namespace h4h {

/// Size caps of the inputs read with readInputFile (one place per fact).
constexpr std::uint64_t kMaxProjectFileBytes = 512ull << 20;
constexpr std::uint64_t kMaxTableFileBytes = 64ull << 20;     ///< measured tables, topologies
constexpr std::uint64_t kMaxJsonSideFileBytes = 16ull << 20;  ///< arch files, presets, status
constexpr std::uint64_t kMaxDatasetFileBytes = 1ull << 30;    ///< a dataset file, as stored

/// "64 MiB", "512 KiB", "100 bytes".
std::string byteSizeText(std::uint64_t bytes);

/// Reads the whole regular file `path` into `out`. On failure returns false and sets
/// `problem` to what is wrong, without the path ("no such file", "is not a regular file
/// (a FIFO)", "is larger than the 64 MiB limit for this input (N bytes)", ...).
bool tryReadInputFile(const std::string& path, std::uint64_t maxBytes, std::string& out,
                      std::string& problem);

/// tryReadInputFile that throws InputError "`path`: problem".
std::string readInputFile(const std::string& path, std::uint64_t maxBytes);

}  // namespace h4h
