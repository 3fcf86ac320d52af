#pragma once
/// JPEG (libjpeg-turbo) and PNG (libpng) in memory: decoding with every library error
/// turned into an InputError naming the file (both libraries' default handlers would
/// abort the process), and encoding for `h4h data export-folder`. Torch-free, so that
/// the decoders can be fuzzed alone.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace h4h {

/// An 8-bit image, rows of interleaved channels (HWC): grey (1) or RGB (3).
struct Image8 {
  int width = 0, height = 0, channels = 0;
  std::vector<std::uint8_t> pixels;  ///< height * width * channels bytes
};

/// Image files above this many pixels are refused (a decompression bomb, not a photo).
constexpr std::int64_t kMaxImagePixels = std::int64_t(1) << 28;
/// Image files above this size are refused before they are read.
constexpr std::uint64_t kMaxImageFileBytes = 256ull << 20;

/// True for the names of files an image folder holds: .jpg, .jpeg, .png (any case).
bool isImageFileName(const std::string& name);

/// Decodes a JPEG or PNG (told apart by content, not by name) into `channels` (1 or 3)
/// channels: grey is replicated to RGB, colour becomes luma (ITU-R BT.601 weights, as
/// JPEG's own Y), alpha is dropped, 16-bit samples keep their high byte. Throws
/// InputError "`path`: problem" for anything unreadable.
Image8 decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& path, int channels);

/// Reads and decodes the file `path` (see decodeImage).
Image8 readImageFile(const std::string& path, int channels);

/// The image as a PNG file (lossless), or as a baseline JPEG of `quality` (1..100).
std::vector<std::uint8_t> encodePng(const Image8& image);
std::vector<std::uint8_t> encodeJpeg(const Image8& image, int quality);

}  // namespace h4h
