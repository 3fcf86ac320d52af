// Image-folder loading speed: training batches (random-resized crop + flip) per second
// decoded from files, against the same batches from the in-memory Fashion-MNIST tensor,
// in one run. Fashion-MNIST written as PNG and JPEG (28 px), and colour JPEGs of
// 320x240 cropped to 224 (ImageNet-like), with 1 and 2 decode threads. The loader runs
// with prefetch 0, so the time is the decoding itself, not hidden behind a thread.
//   bench_image_folder [IMAGES]   (default 2000 Fashion-MNIST images per format)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

#include "data/batch_loader.h"
#include "data/dataset.h"
#include "data/folder_export.h"
#include "data/image_codec.h"
#include "model/torch_runtime.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

/// Images per second of one epoch of training batches over `set`.
double imagesPerSecond(const ImageSet& set, const DataSplits& splits) {
  LoaderOptions o;
  o.batchSize = 128;
  o.randomCrop = true;
  o.flip = true;
  o.mean = splits.mean;
  o.std = splits.std;
  o.prefetch = 0;
  BatchLoader loader(set, o);
  loader.startEpoch(0);
  const auto start = std::chrono::steady_clock::now();
  std::int64_t images = 0;
  Batch batch;
  while (loader.next(batch)) images += batch.labels.size(0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(images) / seconds;
}

void writeColourJpegs(const std::string& root, int perClass) {
  std::mt19937 rng(3);
  for (int c = 0; c < 2; ++c) {
    fs::create_directories(root + "/class" + std::to_string(c));
    for (int i = 0; i < perClass; ++i) {
      Image8 image{320, 240, 3, std::vector<std::uint8_t>(320 * 240 * 3)};
      for (std::size_t p = 0; p < image.pixels.size(); ++p)
        image.pixels[p] = static_cast<std::uint8_t>((p / 3 % 320) * (c + 1) / 2 + rng() % 32);
      const auto bytes = encodeJpeg(image, 90);
      std::ofstream(root + "/class" + std::to_string(c) + "/" + std::to_string(i) + ".jpg", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  configureTorchThreads(1);
  const std::int64_t images = argc > 1 ? std::stoll(argv[1]) : 2000;
  const fs::path dir = fs::temp_directory_path() / ("bench_image_folder_" + std::to_string(::getpid()));
  DataConfig fashion;
  fashion.validationSize = 0;
  fashion.trainLimit = static_cast<int>(images);
  const DataSplits memory = loadDataSplits(fashion);
  const double baseline = imagesPerSecond(memory.train, memory);
  std::printf("%-40s %10s %8s\n", "batches from", "images/s", "ratio");
  std::printf("%-40s %10.0f %8.3f\n", "Fashion-MNIST in memory (pad-4 crop)", baseline, 1.0);

  const DatasetFiles files = readDatasetFiles(fashion);
  for (const char* format : {"png", "jpeg"}) {
    FolderExportOptions options;
    options.outDir = (dir / format).string();
    options.limit = images;
    options.format = format;
    exportImageFolder(files, options);
  }
  writeColourJpegs((dir / "colour").string(), static_cast<int>(images / 8));
  struct Case {
    const char* name;
    std::string folder;
    ModelInput input;
  };
  const Case cases[] = {{"Fashion-MNIST PNG 28 px", (dir / "png").string(), {1, 28}},
                        {"Fashion-MNIST JPEG 28 px", (dir / "jpeg").string(), {1, 28}},
                        {"colour JPEG 320x240 -> 224", (dir / "colour").string(), {3, 224}}};
  for (const Case& c : cases) {
    for (int threads : {1, 2}) {
      DataConfig config;
      config.dataset = "folder";
      config.path = c.folder;
      config.validationSize = 0;
      config.decodeThreads = threads;
      const DataSplits splits = loadDataSplits(config, c.input);
      const double rate = imagesPerSecond(splits.train, splits);
      const std::string label =
          std::string(c.name) + ", " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : "");
      std::printf("%-40s %10.0f %8.3f\n", label.c_str(), rate, rate / baseline);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
