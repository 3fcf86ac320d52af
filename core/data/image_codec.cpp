#include "data/image_codec.h"

// libjpeg's header needs size_t and FILE declared first.
#include <cstdio>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include <algorithm>
#include <cctype>
#include <csetjmp>
#include <cstring>
#include <new>

#include "util/errors.h"
#include "util/file_read.h"

// Both libraries report errors by longjmp back to a setjmp in their caller. A longjmp
// must not skip a C++ destructor, so each guarded function below keeps only plain C
// locals; every C++ object it fills lives in its caller's frame.

namespace h4h {

namespace {

constexpr std::size_t kMessageBytes = 200;

bool hasSuffix(const std::string& name, const char* suffix) {
  const std::size_t n = std::strlen(suffix);
  if (name.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(name[name.size() - n + i])) != suffix[i]) return false;
  return true;
}

bool isJpeg(const std::uint8_t* b, std::size_t n) { return n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF; }
bool isPng(const std::uint8_t* b, std::size_t n) { return n >= 8 && png_sig_cmp(b, 0, 8) == 0; }

std::uint8_t luma(int r, int g, int b) {  // ITU-R BT.601, rounded
  return static_cast<std::uint8_t>((299 * r + 587 * g + 114 * b + 500) / 1000);
}

/// Rows of `from` channels (1, 3 or 4 = inverted CMYK as Adobe writes it) in place of
/// `image.pixels`, converted to `image.channels`.
void convertChannels(Image8& image, int from) {
  if (from == image.channels) return;
  const std::size_t count = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  std::vector<std::uint8_t> out(count * static_cast<std::size_t>(image.channels));
  const std::uint8_t* in = image.pixels.data();
  for (std::size_t i = 0; i < count; ++i, in += from) {
    int r = in[0], g = in[0], b = in[0];
    if (from == 3) {
      g = in[1];
      b = in[2];
    } else if (from == 4) {  // inverted CMYK: the stored values are 255 - C, ..., 255 - K
      r = in[0] * in[3] / 255;
      g = in[1] * in[3] / 255;
      b = in[2] * in[3] / 255;
    }
    if (image.channels == 1) {
      out[i] = luma(r, g, b);
    } else {
      out[3 * i] = static_cast<std::uint8_t>(r);
      out[3 * i + 1] = static_cast<std::uint8_t>(g);
      out[3 * i + 2] = static_cast<std::uint8_t>(b);
    }
  }
  image.pixels = std::move(out);
}

// ---- JPEG ----------------------------------------------------------------------------

struct JpegErrors {
  jpeg_error_mgr manager;  // first: libjpeg hands back a pointer to it
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void jpegFail(j_common_ptr info) {
  auto* errors = reinterpret_cast<JpegErrors*>(info->err);
  (*info->err->format_message)(info, errors->message);
  std::longjmp(errors->jump, 1);
}

/// Warnings are failures too (a truncated file is only a warning to libjpeg, which then
/// fills the rest with grey), except stray bytes between markers, which lose no pixels.
void jpegMessage(j_common_ptr info, int level) {
  if (level < 0 && info->err->msg_code != JWRN_EXTRANEOUS_DATA) jpegFail(info);
}

/// `errors` set up to jump back to the caller's setjmp on every error and warning.
jpeg_error_mgr* trappingErrors(JpegErrors& errors) {
  jpeg_std_error(&errors.manager);
  errors.manager.error_exit = jpegFail;
  errors.manager.emit_message = jpegMessage;
  return &errors.manager;
}

struct JpegJob {
  const std::uint8_t* bytes;
  std::size_t size;
  Image8* image;      // channels set by the caller
  int storedChannels;  // what libjpeg delivered: 1, 3 or 4
  char message[JMSG_LENGTH_MAX];
};

bool decodeJpegGuarded(JpegJob& job) {
  jpeg_decompress_struct info;
  JpegErrors errors;
  info.err = trappingErrors(errors);
  if (setjmp(errors.jump)) {
    std::memcpy(job.message, errors.message, sizeof job.message);
    jpeg_destroy_decompress(&info);
    return false;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, job.bytes, static_cast<unsigned long>(job.size));
  jpeg_read_header(&info, TRUE);
  if (std::int64_t(info.image_width) * std::int64_t(info.image_height) > kMaxImagePixels) {
    std::snprintf(job.message, sizeof job.message, "%ux%u pixels, more than the limit of %lld",
                  info.image_width, info.image_height, static_cast<long long>(kMaxImagePixels));
    jpeg_destroy_decompress(&info);
    return false;
  }
  const bool cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
  info.out_color_space = cmyk ? JCS_CMYK : job.image->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&info);
  Image8& image = *job.image;
  image.width = static_cast<int>(info.output_width);
  image.height = static_cast<int>(info.output_height);
  job.storedChannels = info.output_components;
  const std::size_t stride =
      static_cast<std::size_t>(info.output_width) * static_cast<std::size_t>(info.output_components);
  image.pixels.resize(stride * info.output_height);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image.pixels.data() + stride * info.output_scanline;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return true;
}

// ---- PNG -----------------------------------------------------------------------------

struct PngJob {
  const std::uint8_t* bytes;
  std::size_t size, offset;
  Image8* image;
  std::vector<png_bytep>* rows;
  int storedChannels;
  char message[kMessageBytes];
};

void pngFail(png_structp png, png_const_charp text) {
  auto* job = static_cast<PngJob*>(png_get_error_ptr(png));
  std::snprintf(job->message, sizeof job->message, "%s", text);
  png_longjmp(png, 1);
}

void pngWarning(png_structp, png_const_charp) {}  // e.g. a known-incorrect sRGB profile

void pngRead(png_structp png, png_bytep out, png_size_t count) {
  auto* job = static_cast<PngJob*>(png_get_io_ptr(png));
  if (count > job->size - job->offset) png_error(png, "the file ends early (truncated?)");
  std::memcpy(out, job->bytes + job->offset, count);
  job->offset += count;
}

bool decodePngGuarded(PngJob& job) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &job, pngFail, pngWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    std::snprintf(job.message, sizeof job.message, "out of memory");
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, &job, pngRead);
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
  if (std::int64_t(width) * std::int64_t(height) > kMaxImagePixels)
    png_error(png, "more pixels than the limit of 2^28");
  png_set_expand(png);     // palette to RGB, grey below 8 bits to 8 bits, tRNS to alpha
  png_set_strip_16(png);   // keep the high byte
  png_set_strip_alpha(png);
  const int colour = png_get_color_type(png, info);
  const bool grey = colour == PNG_COLOR_TYPE_GRAY || colour == PNG_COLOR_TYPE_GRAY_ALPHA;
  if (grey && job.image->channels == 3) png_set_gray_to_rgb(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  Image8& image = *job.image;
  image.width = static_cast<int>(width);
  image.height = static_cast<int>(height);
  job.storedChannels = png_get_channels(png, info);
  const std::size_t stride = png_get_rowbytes(png, info);
  image.pixels.resize(stride * height);
  job.rows->resize(height);
  for (png_uint_32 y = 0; y < height; ++y) (*job.rows)[y] = image.pixels.data() + stride * y;
  png_read_image(png, job.rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

void pngWrite(png_structp png, png_bytep data, png_size_t count) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + count);
}

void pngFlush(png_structp) {}

struct PngWriteJob {
  const Image8* image;
  std::vector<std::uint8_t>* out;
  std::vector<png_bytep>* rows;
  char message[kMessageBytes];
};

bool encodePngGuarded(PngWriteJob& job) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &job, pngFail, pngWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  const Image8& image = *job.image;
  png_set_write_fn(png, job.out, pngWrite, pngFlush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               image.channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, job.rows->data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

struct JpegWriteJob {
  const Image8* image;
  int quality;
  unsigned char* buffer;  // malloc'd by libjpeg
  unsigned long size;
  char message[JMSG_LENGTH_MAX];
};

bool encodeJpegGuarded(JpegWriteJob& job) {
  jpeg_compress_struct info;
  JpegErrors errors;
  info.err = trappingErrors(errors);
  if (setjmp(errors.jump)) {
    std::memcpy(job.message, errors.message, sizeof job.message);
    jpeg_destroy_compress(&info);
    return false;
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &job.buffer, &job.size);
  const Image8& image = *job.image;
  info.image_width = static_cast<JDIMENSION>(image.width);
  info.image_height = static_cast<JDIMENSION>(image.height);
  info.input_components = image.channels;
  info.in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, job.quality, TRUE);
  jpeg_start_compress(&info, TRUE);
  const std::size_t stride = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.channels);
  while (info.next_scanline < info.image_height) {
    auto row = const_cast<JSAMPROW>(image.pixels.data() + stride * info.next_scanline);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  return true;
}

void checkEncodable(const Image8& image) {
  if ((image.channels != 1 && image.channels != 3) || image.width < 1 || image.height < 1 ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * image.channels)
    throw std::invalid_argument("encodeImage: not a grey or RGB image of its declared size");
}

}  // namespace

bool isImageFileName(const std::string& name) {
  return hasSuffix(name, ".jpg") || hasSuffix(name, ".jpeg") || hasSuffix(name, ".png");
}

Image8 decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& path, int channels) {
  if (channels != 1 && channels != 3) throw std::invalid_argument("decodeImage: channels must be 1 or 3");
  Image8 image;
  image.channels = channels;
  int stored = 0;
  if (isJpeg(bytes, size)) {
    JpegJob job{bytes, size, &image, 0, {}};
    if (!decodeJpegGuarded(job)) throw InputError(path + ": not a readable JPEG (" + job.message + ")");
    stored = job.storedChannels;
  } else if (isPng(bytes, size)) {
    std::vector<png_bytep> rows;
    PngJob job{bytes, size, 0, &image, &rows, 0, "unknown libpng error"};
    if (!decodePngGuarded(job)) throw InputError(path + ": not a readable PNG (" + job.message + ")");
    stored = job.storedChannels;
  } else {
    throw InputError(path + ": neither a JPEG nor a PNG file (" + std::to_string(size) +
                     " bytes, starting with neither the JPEG nor the PNG signature)");
  }
  if (image.width < 1 || image.height < 1) throw InputError(path + ": holds an image without pixels");
  convertChannels(image, stored);
  return image;
}

Image8 readImageFile(const std::string& path, int channels) {
  const std::string bytes = readInputFile(path, kMaxImageFileBytes);
  return decodeImage(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), path, channels);
}

std::vector<std::uint8_t> encodePng(const Image8& image) {
  checkEncodable(image);
  std::vector<std::uint8_t> out;
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
  const std::size_t stride = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.channels);
  for (std::size_t y = 0; y < rows.size(); ++y) rows[y] = const_cast<png_bytep>(image.pixels.data() + stride * y);
  PngWriteJob job{&image, &out, &rows, "unknown libpng error"};
  if (!encodePngGuarded(job)) throw std::runtime_error(std::string("PNG encoding failed: ") + job.message);
  return out;
}

std::vector<std::uint8_t> encodeJpeg(const Image8& image, int quality) {
  checkEncodable(image);
  JpegWriteJob job{&image, std::clamp(quality, 1, 100), nullptr, 0, {}};
  const bool ok = encodeJpegGuarded(job);
  std::vector<std::uint8_t> out;
  if (ok) out.assign(job.buffer, job.buffer + job.size);
  std::free(job.buffer);
  if (!ok) throw std::runtime_error(std::string("JPEG encoding failed: ") + job.message);
  return out;
}

}  // namespace h4h
