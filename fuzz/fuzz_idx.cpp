// Fuzzes the IDX readers at the byte level (gzip decoding with the header-derived limit,
// header and size checks, labels), as readIdxImages/readIdxLabels run them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/dataset_format.h"
#include "util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace h4h;
  const std::string raw(reinterpret_cast<const char*>(data), size);
  try {
    const auto bytes =
        decodeFileBytes(raw, "images.gz", idxDecodeLimit("images.gz", kIdxImageMagic, 3, "image"));
    const auto dims = checkIdxImages(bytes, "images.gz");
    if (static_cast<std::size_t>(16 + dims[0] * dims[1] * dims[2]) != bytes.size())
      __builtin_trap();
  } catch (const InputError&) {
  }
  try {
    const auto bytes =
        decodeFileBytes(raw, "labels.gz", idxDecodeLimit("labels.gz", kIdxLabelMagic, 1, "label"));
    const std::int64_t n = checkIdxLabels(bytes, "labels.gz", 10);
    if (static_cast<std::size_t>(8 + n) != bytes.size()) __builtin_trap();
  } catch (const InputError&) {
  }
  return 0;
}
