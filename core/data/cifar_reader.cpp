#include "data/cifar_reader.h"

#include "data/dataset_format.h"
#include "data/file_bytes.h"
#include "util/errors.h"

namespace h4h {

std::pair<torch::Tensor, torch::Tensor> readCifarBatch(const std::string& path) {
  const auto bytes = readFileBytes(path);
  const std::int64_t n = checkCifarBatch(bytes, path);
  constexpr std::int64_t kRecord = kCifarRecordBytes;
  auto images = torch::empty({n, 3, 32, 32}, torch::kUInt8);
  auto labels = torch::empty({n}, torch::kInt64);
  auto* img = images.data_ptr<std::uint8_t>();
  auto* lab = labels.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint8_t* rec = bytes.data() + i * kRecord;
    lab[i] = rec[0];
    std::memcpy(img + i * (kRecord - 1), rec + 1, kRecord - 1);
  }
  return {images, labels};
}

std::string findCifarFolder(const std::string& folder) {
  for (const std::string& candidate : {folder, folder + "/cifar-10-batches-bin"})
    if (fileExists(candidate + "/data_batch_1.bin")) return candidate;
  throw InputError(folder + ": no CIFAR-10 binary batches found (expected data_batch_1..5.bin and "
                   "test_batch.bin there or in cifar-10-batches-bin/, as extracted from "
                   "cifar-10-binary.tar.gz)");
}

}  // namespace h4h
