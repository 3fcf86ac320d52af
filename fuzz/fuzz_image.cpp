// Fuzzes the image-folder decoders (libjpeg-turbo and libpng behind our error handlers):
// any bytes give an image of the size it declares or an InputError, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/image_codec.h"
#include "util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace h4h;
  for (int channels : {1, 3}) {
    try {
      const Image8 image = decodeImage(data, size, "image.jpg", channels);
      const auto expected = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) *
                            static_cast<std::size_t>(channels);
      if (image.channels != channels || image.pixels.size() != expected) __builtin_trap();
    } catch (const InputError&) {
    }
  }
  return 0;
}
