// Fuzzes the CIFAR-10 batch reader at the byte level (gzip decoding, record checks).
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/dataset_format.h"
#include "util/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace h4h;
  const std::string raw(reinterpret_cast<const char*>(data), size);
  try {
    const auto bytes = decodeFileBytes(raw, "data_batch_1.bin");
    const std::int64_t n = checkCifarBatch(bytes, "data_batch_1.bin");
    if (n < 1 || static_cast<std::size_t>(n * kCifarRecordBytes) != bytes.size()) __builtin_trap();
  } catch (const InputError&) {
  }
  return 0;
}
