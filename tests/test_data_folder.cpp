// Image-folder datasets (issue 23, item 3): Fashion-MNIST exported as PNG and JPEG folders
// reads back with its classes, labels and pixels (PNG exactly, JPEG within a stated
// tolerance); grey and colour files become the project's channel count; corrupt files
// are refused by path ("fail") or skipped ("skip"); batches depend on seed, epoch and
// index only; bad layouts and settings are named; a supernet trains on a folder.
#include <torch/torch.h>  // before Qt: torch uses `slots` as a name

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "data/batch_loader.h"
#include "data/data_config.h"
#include "data/dataset.h"
#include "data/folder_export.h"
#include "data/image_codec.h"
#include "data/image_files.h"
#include "data/image_folder.h"
#include "util/errors.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kImagesPerSplit = 200;
/// JPEG at quality 95 of 28x28 grey images: measured mean |error| 0.91, max 10 (libjpeg-turbo 2.1.5).
constexpr double kJpegMeanTolerance = 1.5;
constexpr int kJpegMaxTolerance = 16;

/// Fashion-MNIST when installed, else the synthetic set of the same shape: either way a
/// real dataset goes through the exporter.
DataConfig sourceConfig() {
  DataConfig c;
  if (!fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
    c.dataset = "synthetic";
    c.syntheticSamples = 1000;
    c.syntheticResolution = 28;
  }
  c.validationSize = 0;
  return c;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

/// The source index a exported file holds: its name is the index in the split's file order.
std::int64_t sourceIndex(const std::string& path) { return std::stoll(fs::path(path).stem().string()); }

Image8 sourceImage(const torch::Tensor& images, std::int64_t i) {
  const auto hwc = images[i].permute({1, 2, 0}).contiguous();
  return Image8{static_cast<int>(hwc.size(1)), static_cast<int>(hwc.size(0)), static_cast<int>(hwc.size(2)),
                std::vector<std::uint8_t>(hwc.data_ptr<std::uint8_t>(), hwc.data_ptr<std::uint8_t>() + hwc.numel())};
}

Image8 colourImage(int width, int height) {
  Image8 image{width, height, 3, {}};
  for (int i = 0; i < width * height; ++i)
    for (int c = 0; c < 3; ++c) image.pixels.push_back(static_cast<std::uint8_t>((i * (c + 3) * 7) % 256));
  return image;
}

DataConfig folderConfig(const std::string& path) {
  DataConfig c;
  c.dataset = "folder";
  c.path = path;
  c.validationSize = 20;
  c.batchSize = 32;
  c.decodeThreads = 2;
  return c;
}

std::vector<Batch> epochBatches(BatchLoader& loader, int epoch) {
  std::vector<Batch> out;
  loader.startEpoch(epoch);
  Batch b;
  while (loader.next(b)) out.push_back(b);
  return out;
}

std::string thrownMessage(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void appendChunk(std::vector<std::uint8_t>& png, const char* type, const std::vector<std::uint8_t>& body) {
  const auto put32 = [&](std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) png.push_back(static_cast<std::uint8_t>(v >> s));
  };
  put32(static_cast<std::uint32_t>(body.size()));
  const std::size_t start = png.size();
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), body.begin(), body.end());
  put32(static_cast<std::uint32_t>(crc32(0, png.data() + start, static_cast<uInt>(png.size() - start))));
}

/// A one-row PNG written byte by byte (our encoder writes only 8-bit grey and RGB).
std::vector<std::uint8_t> onePixelRowPng(int width, int bitDepth, int colourType, std::vector<std::uint8_t> row,
                                         const std::vector<std::uint8_t>& palette = {}) {
  std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  appendChunk(png, "IHDR", {0, 0, 0, static_cast<std::uint8_t>(width), 0, 0, 0, 1, static_cast<std::uint8_t>(bitDepth),
                            static_cast<std::uint8_t>(colourType), 0, 0, 0});
  if (!palette.empty()) appendChunk(png, "PLTE", palette);
  row.insert(row.begin(), 0);  // filter: none
  std::vector<std::uint8_t> packed(compressBound(static_cast<uLong>(row.size())));
  uLongf packedSize = static_cast<uLongf>(packed.size());
  compress(packed.data(), &packedSize, row.data(), static_cast<uLong>(row.size()));
  packed.resize(packedSize);
  appendChunk(png, "IDAT", packed);
  appendChunk(png, "IEND", {});
  return png;
}

}  // namespace

class TestDataFolder : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  DatasetFiles m_source;
  std::string m_png, m_jpeg;

private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_source = readDatasetFiles(sourceConfig());
    m_png = m_dir.filePath("png").toStdString();
    m_jpeg = m_dir.filePath("jpeg").toStdString();
    FolderExportOptions options;
    options.limit = kImagesPerSplit;
    options.outDir = m_png;
    const FolderExportResult png = exportImageFolder(m_source, options);
    QCOMPARE(png.trainImages, kImagesPerSplit);
    QCOMPARE(png.valImages, kImagesPerSplit);
    options.outDir = m_jpeg;
    options.format = "jpeg";
    exportImageFolder(m_source, options);
  }

  void listingHasClassesCountsAndLabels() {
    const FolderListing listing = listImageFolder(m_png);
    QVERIFY(listing.hasVal);
    QCOMPARE(listing.classes.size(), std::size_t{10});
    for (std::size_t c = 0; c < listing.classes.size(); ++c)
      QCOMPARE(listing.classes[c], classFolderName(static_cast<int>(c), m_source.classNames[c], 10));
    if (m_source.classNames.front() == "T-shirt/top") QCOMPARE(listing.classes.front(), std::string("0_t_shirt_top"));
    QCOMPARE(static_cast<std::int64_t>(listing.train.paths.size()), kImagesPerSplit);
    QCOMPARE(static_cast<std::int64_t>(listing.val.paths.size()), kImagesPerSplit);
    const auto* trainLabels = m_source.train.labels.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < listing.train.paths.size(); ++i)
      QCOMPARE(listing.train.labels[i], trainLabels[sourceIndex(listing.train.paths[i])]);
    const auto* testLabels = m_source.test.labels.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < listing.val.paths.size(); ++i)
      QCOMPARE(listing.val.labels[i], testLabels[sourceIndex(listing.val.paths[i])]);
  }

  void pngDecodesExactly() {
    const FolderListing listing = listImageFolder(m_png);
    for (const std::string& path : listing.train.paths) {
      const Image8 decoded = readImageFile(path, 1);
      const Image8 source = sourceImage(m_source.train.images, sourceIndex(path));
      QCOMPARE(decoded.width, source.width);
      QCOMPARE(decoded.height, source.height);
      QVERIFY2(decoded.pixels == source.pixels, path.c_str());
    }
  }

  void jpegDecodesWithinTolerance() {
    const FolderListing listing = listImageFolder(m_jpeg);
    double sum = 0.0;
    int worst = 0;
    std::int64_t count = 0;
    for (const std::string& path : listing.train.paths) {
      const Image8 decoded = readImageFile(path, 1);
      const Image8 source = sourceImage(m_source.train.images, sourceIndex(path));
      QCOMPARE(decoded.pixels.size(), source.pixels.size());
      for (std::size_t p = 0; p < source.pixels.size(); ++p) {
        const int error = std::abs(int(decoded.pixels[p]) - int(source.pixels[p]));
        sum += error;
        worst = std::max(worst, error);
        ++count;
      }
    }
    const double mean = sum / static_cast<double>(count);
    qInfo("JPEG quality 95: mean |error| %.3f, max %d", mean, worst);
    QVERIFY2(mean <= kJpegMeanTolerance, qPrintable(QString::number(mean)));
    QVERIFY2(worst <= kJpegMaxTolerance, qPrintable(QString::number(worst)));
    QVERIFY(worst > 0);  // lossy indeed: the tolerance is needed
  }

  void greyAndColourBecomeTheChannelCount() {
    const std::string dir = m_dir.filePath("channels").toStdString();
    const Image8 colour = colourImage(5, 4);
    writeBytes(dir + "/rgb.png", encodePng(colour));
    writeBytes(dir + "/rgb.jpg", encodeJpeg(colour, 100));
    const Image8 asGrey = readImageFile(dir + "/rgb.png", 1);
    QCOMPARE(asGrey.channels, 1);
    for (int i = 0; i < 20; ++i) {
      const int r = colour.pixels[3 * i], g = colour.pixels[3 * i + 1], b = colour.pixels[3 * i + 2];
      QCOMPARE(int(asGrey.pixels[i]), (299 * r + 587 * g + 114 * b + 500) / 1000);
    }
    QCOMPARE(readImageFile(dir + "/rgb.png", 3).pixels, colour.pixels);
    QCOMPARE(readImageFile(dir + "/rgb.jpg", 1).pixels.size(), std::size_t{20});
    // A grey PNG and JPEG as colour: three equal channels.
    const std::string greyPng = listImageFolder(m_png).train.paths.front();
    const std::string greyJpeg = listImageFolder(m_jpeg).train.paths.front();
    for (const std::string& path : {greyPng, greyJpeg}) {
      const Image8 grey = readImageFile(path, 1), rgb = readImageFile(path, 3);
      QCOMPARE(rgb.channels, 3);
      for (std::size_t p = 0; p < grey.pixels.size(); ++p)
        for (int c = 0; c < 3; ++c) QCOMPARE(rgb.pixels[3 * p + c], grey.pixels[p]);
    }
    // A grey folder loads for a colour model.
    const DataSplits splits = loadDataSplits(folderConfig(m_png), ModelInput{3, 28});
    QCOMPARE(splits.channels(), 3);
    QCOMPARE(splits.mean.size(), std::size_t{3});
  }

  void pngVariantsAreConverted() {
    const auto decode = [](const std::vector<std::uint8_t>& png, int channels) {
      return decodeImage(png.data(), png.size(), "variant.png", channels).pixels;
    };
    using Pixels = std::vector<std::uint8_t>;
    // RGBA: alpha dropped, not composited.
    const auto rgba = onePixelRowPng(2, 8, 6, {10, 20, 30, 255, 40, 50, 60, 0});
    QCOMPARE(decode(rgba, 3), (Pixels{10, 20, 30, 40, 50, 60}));
    // 16-bit grey: the high byte.
    QCOMPARE(decode(onePixelRowPng(2, 16, 0, {0x12, 0x34, 0xAB, 0xCD}), 1), (Pixels{0x12, 0xAB}));
    // Palette: expanded to RGB, or to luma for a grey model.
    const auto palette = onePixelRowPng(2, 8, 3, {1, 0}, {255, 0, 0, 0, 0, 255});
    QCOMPARE(decode(palette, 3), (Pixels{0, 0, 255, 255, 0, 0}));
    QCOMPARE(decode(palette, 1), (Pixels{29, 76}));  // 0.114 * 255, 0.299 * 255
    // 1-bit grey: expanded to 0 / 255.
    QCOMPARE(decode(onePixelRowPng(2, 1, 0, {0x40}), 1), (Pixels{0, 255}));
  }

  void splitsAndBatches() {
    DataConfig c = folderConfig(m_png);
    const DataSplits splits = loadDataSplits(c, ModelInput{1, 28});
    QCOMPARE(splits.train.size(), kImagesPerSplit - 20);
    QCOMPARE(splits.validation.size(), std::int64_t{20});
    QCOMPARE(splits.test.size(), kImagesPerSplit);
    // val/ is shuffled (a fair first batch), the same for every seed.
    QVERIFY(!torch::equal(splits.test.labels, std::get<0>(torch::sort(splits.test.labels))));
    c.seed = 99;
    QVERIFY(torch::equal(loadDataSplits(c, ModelInput{1, 28}).test.labels, splits.test.labels));
    QCOMPARE(splits.classes(), 10);
    QCOMPARE(splits.resolution(), 28);
    QCOMPARE(splits.classNames, listImageFolder(m_png).classes);
    QVERIFY2(contains(splits.description, splits.classNames.front()), splits.description.c_str());
    QVERIFY(splits.std[0] > 0.05);
    LoaderOptions o;
    o.batchSize = 64;
    o.shuffle = false;
    o.prefetch = 1;
    BatchLoader loader(splits.test, o);
    const auto batches = epochBatches(loader, 0);
    QCOMPARE(batches.size(), std::size_t{4});
    QCOMPARE(batches.front().images.sizes(), (torch::IntArrayRef{64, 1, 28, 28}));
    QVERIFY(torch::equal(batches.front().labels, splits.test.labels.narrow(0, 0, 64)));
    // Evaluation view of a 28-pixel image: resized to 32 (28 / 0.875), centre 28 taken.
    const Image8 first = readImageFile(splits.test.files->paths.front(), 1);
    namespace F = torch::nn::functional;
    auto src = torch::from_blob(const_cast<std::uint8_t*>(first.pixels.data()), {1, 1, 28, 28}, torch::kUInt8)
                   .to(torch::kFloat32);
    auto expected = F::interpolate(src, F::InterpolateFuncOptions().size(std::vector<int64_t>{32, 32})
                                            .mode(torch::kBilinear).align_corners(false).antialias(true))
                        .round().clamp(0, 255).narrow(2, 2, 28).narrow(3, 2, 28) / 255.0;
    QVERIFY(torch::allclose(batches.front().images[0], expected[0], 1e-6, 1e-6));
    // data.mean / data.std replace the measured statistics.
    c.mean = {0.5};
    c.std = {0.25};
    QCOMPARE(loadDataSplits(c, ModelInput{1, 28}).mean, std::vector<double>{0.5});
    c.mean = {0.5, 0.5, 0.5};
    c.std = {0.2, 0.2, 0.2};
    QCOMPARE(thrownMessage([&] { loadDataSplits(c, ModelInput{1, 28}); }),
             std::string("data.mean: needs one value per channel (1) ([0.5,0.5,0.5])"));
  }

  void batchesDependOnSeedEpochAndIndexOnly() {
    DataConfig c = folderConfig(m_jpeg);
    c.imageSize = 24;
    const auto run = [&](int prefetch, int threads, int epoch) {
      c.decodeThreads = threads;
      const DataSplits splits = loadDataSplits(c, ModelInput{1, 28});
      LoaderOptions o;
      o.batchSize = 50;
      o.randomCrop = true;  // a folder's random-resized crop
      o.flip = true;
      o.mean = splits.mean;
      o.std = splits.std;
      o.seed = 7;
      o.prefetch = prefetch;
      BatchLoader loader(splits.train, o);
      return epochBatches(loader, epoch);
    };
    const auto reference = run(0, 1, 0);
    QCOMPARE(reference.front().images.sizes(), (torch::IntArrayRef{50, 1, 24, 24}));
    for (const auto& [prefetch, threads] : {std::pair{2, 1}, std::pair{0, 3}, std::pair{3, 4}}) {
      const auto other = run(prefetch, threads, 0);
      QCOMPARE(other.size(), reference.size());
      for (std::size_t b = 0; b < other.size(); ++b) {
        QVERIFY(torch::equal(other[b].images, reference[b].images));
        QVERIFY(torch::equal(other[b].labels, reference[b].labels));
      }
    }
    const auto nextEpoch = run(2, 2, 1);
    QVERIFY(!torch::equal(nextEpoch.front().images, reference.front().images));
  }

  void corruptImagesAreNamedOrSkipped() {
    const std::string root = m_dir.filePath("corrupt").toStdString();
    fs::copy(m_jpeg, root, fs::copy_options::recursive);
    const FolderListing listing = listImageFolder(root);
    const std::string truncated = listing.val.paths[3], random = listing.val.paths[7];
    const std::string bytes = readText(truncated);
    std::ofstream(truncated, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);
    std::mt19937 rng(5);
    std::vector<std::uint8_t> noise(600);
    for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
    noise[0] = 0xFF, noise[1] = 0xD8, noise[2] = 0xFF;  // a JPEG's signature, then noise
    writeBytes(random, noise);

    DataConfig c = folderConfig(root);
    LoaderOptions o;
    o.batchSize = 50;
    o.shuffle = false;
    o.prefetch = 1;
    {
      const DataSplits splits = loadDataSplits(c, ModelInput{1, 28});
      BatchLoader loader(splits.test, o);
      const std::string message = thrownMessage([&] { epochBatches(loader, 0); });
      QVERIFY2(contains(message, truncated) && contains(message, "data.bad_images"), message.c_str());
      for (const std::string& path : {truncated, random})
        QVERIFY2(contains(thrownMessage([&] { readImageFile(path, 1); }), path), path.c_str());
    }
    c.badImages = "skip";
    const DataSplits splits = loadDataSplits(c, ModelInput{1, 28});
    BatchLoader loader(splits.test, o);
    const auto batches = epochBatches(loader, 0);
    std::int64_t seen = 0;
    for (const Batch& b : batches) seen += b.labels.size(0);
    QCOMPARE(seen, kImagesPerSplit - 2);
    // Each batch keeps its readable images, with their labels, in order.
    const auto& paths = splits.test.files->paths;
    const auto* labels = splits.test.labels.data_ptr<std::int64_t>();
    for (std::size_t b = 0; b < batches.size(); ++b) {
      std::vector<std::int64_t> expected;
      for (std::size_t i = 50 * b; i < std::min(paths.size(), 50 * b + 50); ++i)
        if (paths[i] != truncated && paths[i] != random) expected.push_back(labels[i]);
      QVERIFY(torch::equal(batches[b].labels, torch::tensor(expected, torch::kInt64)));
    }
    QCOMPARE(splits.test.files->badImages->count(), std::int64_t{2});
    QVERIFY(contains(splits.test.files->badImages->summary(), truncated));
  }

  void truncatedFilesNeverCrash() {
    const std::string jpeg = readText(listImageFolder(m_jpeg).train.paths.front());
    const std::string png = readText(listImageFolder(m_png).train.paths.front());
    for (const std::string* file : {&jpeg, &png}) {
      for (std::size_t n = 0; n < file->size(); ++n) {
        const auto* data = reinterpret_cast<const std::uint8_t*>(file->data());
        QVERIFY_THROWS_EXCEPTION(InputError, decodeImage(data, n, "cut", 1));
      }
    }
  }

  void layoutErrorsNameThePath() {
    const std::string base = m_dir.filePath("layouts").toStdString();
    const Image8 tiny = colourImage(4, 4);
    const auto message = [](const std::string& root) {
      return thrownMessage([&] { listImageFolder(root); });
    };
    QVERIFY(contains(message(base + "/missing"), "data.path: not a folder"));
    fs::create_directories(base + "/empty");
    std::ofstream(base + "/empty/readme.txt") << "no classes";
    QVERIFY(contains(message(base + "/empty"), "holds no class folders"));
    fs::create_directories(base + "/half/train/a");
    QVERIFY(contains(message(base + "/half"), "holds train/ but no val/"));
    fs::create_directories(base + "/hollow/cat");
    fs::create_directories(base + "/hollow/dog");
    writeBytes(base + "/hollow/cat/1.png", encodePng(tiny));
    std::ofstream(base + "/hollow/dog/notes.txt") << "x";
    QVERIFY(contains(message(base + "/hollow"), "class folder " + base + "/hollow/dog holds no images"));
    fs::create_directories(base + "/stray/train/cat");
    fs::create_directories(base + "/stray/val/cow");
    writeBytes(base + "/stray/train/cat/1.PNG", encodePng(tiny));
    writeBytes(base + "/stray/val/cow/1.png", encodePng(tiny));
    QVERIFY(contains(message(base + "/stray"), "val/ has the class folder \"cow\", which train/ lacks"));
    writeBytes(base + "/lonely/cat/1.png", encodePng(tiny));
    QVERIFY(contains(thrownMessage([&] { loadDataSplits(folderConfig(base + "/lonely"), ModelInput{3, 8}); }),
                     "data.path: holds one class folder (\"cat\")"));
  }

  void singleRootHoldsOutATenthForTest() {
    const std::string root = m_dir.filePath("single").toStdString();
    fs::create_directories(root);
    for (const auto& entry : fs::directory_iterator(m_png + "/train"))
      fs::copy(entry.path(), root + "/" + entry.path().filename().string(), fs::copy_options::recursive);
    std::ofstream(root + "/" + listImageFolder(m_png).classes.front() + "/notes.txt") << "ignored";
    const DataSplits splits = loadDataSplits(folderConfig(root), ModelInput{1, 28});
    QCOMPARE(splits.test.size(), kImagesPerSplit / 10);
    QCOMPARE(splits.train.size() + splits.validation.size(), kImagesPerSplit - kImagesPerSplit / 10);
    QVERIFY2(contains(splits.description, "1 files that are not .jpg, .jpeg or .png ignored"),
             splits.description.c_str());
    QVERIFY(contains(splits.description, "test held out"));
    QVERIFY(contains(thrownMessage([&] { loadDataSplits(folderConfig(root), ModelInput{1, 0}); }),
                     "data.image_size: an image folder needs"));
    QVERIFY(contains(thrownMessage([&] { loadDataSplits(folderConfig(root), ModelInput{4, 28}); }),
                     "space.input_channels: an image folder delivers 1 (grey) or 3 (colour) channels (4)"));
  }

  void configFieldsAreValidatedAndWrittenBack() {
    ErrorList errors;
    DataConfig c = dataConfigFromJson(Json{{"dataset", "folder"}, {"path", "/x"}, {"image_size", 64},
                                           {"bad_images", "skip"}, {"decode_threads", 4},
                                           {"mean", {0.5, 0.4, 0.3}}, {"std", {0.2, 0.2, 0.2}}},
                                      "data", errors);
    QVERIFY2(errors.empty(), errors.joined().c_str());
    QCOMPARE(c.imageSize, 64);
    QCOMPARE(c.badImages, std::string("skip"));
    ErrorList again;
    const DataConfig back = dataConfigFromJson(dataConfigToJson(c), "data", again);
    QCOMPARE(dataConfigToJson(back), dataConfigToJson(c));
    // Older projects: none of the new fields are written, so they save unchanged.
    const Json old = dataConfigToJson(DataConfig{});
    for (const char* key : {"image_size", "bad_images", "decode_threads", "mean", "std"}) QVERIFY(!old.contains(key));

    const auto firstError = [](const Json& j) {
      ErrorList e;
      dataConfigFromJson(j, "data", e);
      return e.empty() ? std::string() : e.items().front().str();
    };
    QCOMPARE(firstError(Json{{"dataset", "cifar10"}, {"mean", {0.5}}, {"std", {0.2}}}),
             std::string("data.mean: needs one value per channel (3) ([0.5])"));
    QVERIFY(contains(firstError(Json{{"mean", {0.5}}, {"std", {0.2, 0.3}}}), "data.mean: needs one value per value"));
    QVERIFY(contains(firstError(Json{{"bad_images", "sometimes"}}), "data.bad_images"));
    QVERIFY(contains(firstError(Json{{"image_size", -1}}), "data.image_size"));
    QVERIFY(contains(firstError(Json{{"std", {0.0}}, {"mean", {0.1}}}), "data.std[0]"));
  }
};

QTEST_GUILESS_MAIN(TestDataFolder)
#include "test_data_folder.moc"
