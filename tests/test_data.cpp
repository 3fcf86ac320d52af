// Datasets: the data config, IDX and CIFAR-10 readers on files written here (valid and
// corrupt), real Fashion-MNIST when installed, the synthetic set, and the batch loader.
#include <torch/torch.h>  // before Qt: torch uses `slots` as a name

#include <QtTest>

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <set>

#include <sys/stat.h>

#include "data/batch_loader.h"
#include "data/cifar_reader.h"
#include "data/data_config.h"
#include "data/dataset.h"
#include "data/dataset_format.h"
#include "data/file_bytes.h"
#include "data/idx_reader.h"
#include "data/synthetic_data.h"
#include "util/errors.h"

using namespace h4h;

namespace {

using Bytes = std::vector<std::uint8_t>;

void put32(Bytes& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

/// An IDX image file of n images rows x cols; pixel = (i * 7 + p) % 256.
Bytes idxImages(std::uint32_t n, std::uint32_t rows, std::uint32_t cols) {
  Bytes b;
  put32(b, 0x00000803u);
  put32(b, n);
  put32(b, rows);
  put32(b, cols);
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t p = 0; p < rows * cols; ++p) b.push_back(static_cast<std::uint8_t>((i * 7 + p) % 256));
  return b;
}

/// An IDX label file; label i = i % 10.
Bytes idxLabels(std::uint32_t n) {
  Bytes b;
  put32(b, 0x00000801u);
  put32(b, n);
  for (std::uint32_t i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(i % 10));
  return b;
}

/// CIFAR-10 records: label i % 10, pixels (i + p) % 256.
Bytes cifarRecords(int n) {
  Bytes b;
  for (int i = 0; i < n; ++i) {
    b.push_back(static_cast<std::uint8_t>(i % 10));
    for (int p = 0; p < 3072; ++p) b.push_back(static_cast<std::uint8_t>((i + p) % 256));
  }
  return b;
}

void writeRaw(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

void writeGz(const std::string& path, const Bytes& b) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, b.data(), static_cast<unsigned>(b.size()));
  gzclose(f);
}

Bytes readRaw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

/// Calls f and returns the InputError message ("" when nothing was thrown).
template <typename F>
std::string errorOf(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const char* kFashion = "/usr/share/datasets/fashion-mnist";

}  // namespace

class TestData : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;
  std::string dir() const { return m_dir.path().toStdString(); }
  /// A folder with a small fake (Fashion-)MNIST: 50 train and 20 test images of 6x6.
  std::string makeIdxFolder(const std::string& name, bool gz);

private slots:
  void init() { torch::manual_seed(1); }

  void configDefaults();
  void configErrors_data();
  void configErrors();
  void configRoundTrip();

  void idxReadsRawAndGzip_data();
  void idxReadsRawAndGzip();
  void idxCorrupt_data();
  void idxCorrupt();
  void idxMissingNamesPackage();
  void idxCountMismatch();
  void cifarReads();
  void cifarCorrupt();
  void gzipBombRefused_data();
  void gzipBombRefused();
  void decodeLimitWithoutHeader();
  void gzipMembersConcatenated();
  void specialFilesRefused();

  void splits();
  void splitSizeErrors();
  void realFashionMnist();

  void syntheticDeterministicAndLearnable();

  void loaderCoversEpoch_data();
  void loaderCoversEpoch();
  void loaderDeterministic();
  void loaderAugmentAndResize();
  void loaderAbandonEpoch();
};

std::string TestData::makeIdxFolder(const std::string& name, bool gz) {
  const std::string folder = dir() + "/" + name;
  QDir().mkpath(QString::fromStdString(folder));
  auto write = gz ? writeGz : writeRaw;
  const std::string ext = gz ? ".gz" : "";
  write(folder + "/train-images-idx3-ubyte" + ext, idxImages(50, 6, 6));
  write(folder + "/train-labels-idx1-ubyte" + ext, idxLabels(50));
  write(folder + "/t10k-images-idx3-ubyte" + ext, idxImages(20, 6, 6));
  write(folder + "/t10k-labels-idx1-ubyte" + ext, idxLabels(20));
  return folder;
}

void TestData::configDefaults() {
  ErrorList errors;
  const DataConfig c = dataConfigFromJson(Json::object(), "data", errors);
  QVERIFY(errors.empty());
  const DataConfig d;
  QCOMPARE(c.dataset, std::string("fashion-mnist"));
  QCOMPARE(c.path, d.path);
  QCOMPARE(c.validationSize, 5000);
  QCOMPARE(c.batchSize, 128);
  QCOMPARE(c.prefetch, 2);
}

void TestData::configErrors_data() {
  QTest::addColumn<QString>("json");
  QTest::addColumn<QString>("path");
  QTest::newRow("unknown dataset") << R"({"dataset": "imagenet"})" << "data.dataset";
  QTest::newRow("batch size 0") << R"({"batch_size": 0})" << "data.batch_size";
  QTest::newRow("negative validation") << R"({"validation_size": -1})" << "data.validation_size";
  QTest::newRow("flip not bool") << R"({"flip": "yes"})" << "data.flip";
  QTest::newRow("empty path") << R"({"path": ""})" << "data.path";
  QTest::newRow("not an object") << R"([1, 2])" << "data";
}

void TestData::configErrors() {
  QFETCH(QString, json);
  QFETCH(QString, path);
  ErrorList errors;
  dataConfigFromJson(Json::parse(json.toStdString()), "data", errors);
  QVERIFY(!errors.empty());
  QVERIFY2(errors.items()[0].path == path.toStdString(), errors.joined().c_str());
}

void TestData::configRoundTrip() {
  DataConfig c;
  c.dataset = "cifar10";
  c.path = "data/cifar";
  c.validationSize = 123;
  c.randomCrop = true;
  c.flip = true;
  c.seed = 42;
  c.prefetch = 0;
  ErrorList errors;
  const DataConfig back = dataConfigFromJson(dataConfigToJson(c), "data", errors);
  QVERIFY(errors.empty());
  QCOMPARE(dataConfigToJson(back), dataConfigToJson(c));
}

void TestData::idxReadsRawAndGzip_data() {
  QTest::addColumn<bool>("gz");
  QTest::newRow("raw") << false;
  QTest::newRow("gzip") << true;
}

void TestData::idxReadsRawAndGzip() {
  QFETCH(bool, gz);
  const std::string folder = makeIdxFolder(gz ? "idx-gz" : "idx-raw", gz);
  const std::string ext = gz ? ".gz" : "";
  const auto images = readIdxImages(folder + "/train-images-idx3-ubyte" + ext);
  QCOMPARE(images.sizes().vec(), (std::vector<int64_t>{50, 1, 6, 6}));
  QCOMPARE(images.scalar_type(), torch::kUInt8);
  QCOMPARE(images[3][0][1][2].item<int>(), (3 * 7 + 1 * 6 + 2) % 256);
  const auto labels = readIdxLabels(folder + "/train-labels-idx1-ubyte" + ext);
  QCOMPARE(labels.size(0), 50);
  QCOMPARE(labels[13].item<int64_t>(), 3);
}

void TestData::idxCorrupt_data() {
  QTest::addColumn<QString>("kind");
  QTest::addColumn<bool>("gz");
  QTest::addColumn<QString>("expected");
  QTest::newRow("bad magic") << "magic" << false << "magic number 0x00000801, expected 0x00000803";
  QTest::newRow("truncated payload") << "truncated" << false << "truncated";
  QTest::newRow("trailing bytes") << "long" << false << "does not match its header";
  QTest::newRow("short header") << "header" << false << "too short";
  QTest::newRow("truncated gzip stream") << "gzcut" << true << "corrupt or truncated gzip";
  QTest::newRow("gzip of truncated file") << "truncated" << true << "truncated";
  QTest::newRow("empty") << "empty" << false << "too short";
}

void TestData::idxCorrupt() {
  QFETCH(QString, kind);
  QFETCH(bool, gz);
  QFETCH(QString, expected);
  Bytes b = idxImages(10, 4, 4);
  const std::string k = kind.toStdString();
  if (k == "magic") b = idxLabels(10);
  if (k == "truncated") b.resize(b.size() - 5);
  if (k == "long") b.push_back(0);
  if (k == "header") b.resize(10);
  if (k == "empty") b.clear();
  const std::string path = dir() + "/corrupt-" + k + (gz ? ".gz" : "");
  if (k == "gzcut") {
    writeGz(path, b);
    Bytes z = readRaw(path);
    z.resize(z.size() / 2);
    writeRaw(path, z);
  } else if (gz) {
    writeGz(path, b);
  } else {
    writeRaw(path, b);
  }
  const std::string message = errorOf([&] { readIdxImages(path); });
  QVERIFY2(contains(message, path), message.c_str());
  QVERIFY2(contains(message, expected.toStdString()), message.c_str());
}

void TestData::idxMissingNamesPackage() {
  DataConfig c;
  c.dataset = "fashion-mnist";
  c.path = dir() + "/nowhere";
  const std::string message = errorOf([&] { loadDataSplits(c); });
  QVERIFY2(contains(message, c.path + "/train-images-idx3-ubyte"), message.c_str());
  QVERIFY2(contains(message, "dataset-fashion-mnist"), message.c_str());
  const std::string badLabel = dir() + "/label11";
  Bytes labels = idxLabels(3);
  labels.back() = 11;
  writeRaw(badLabel, labels);
  QVERIFY(contains(errorOf([&] { readIdxLabels(badLabel); }), "label 11 of item 2"));
}

void TestData::idxCountMismatch() {
  const std::string folder = makeIdxFolder("mismatch", true);
  writeGz(folder + "/t10k-labels-idx1-ubyte.gz", idxLabels(19));
  DataConfig c;
  c.dataset = "mnist";
  c.path = folder;
  c.validationSize = 10;
  const std::string message = errorOf([&] { loadDataSplits(c); });
  QVERIFY2(contains(message, "20 images") && contains(message, "19 labels"), message.c_str());
}

void TestData::cifarReads() {
  const std::string folder = dir() + "/cifar/cifar-10-batches-bin";
  QDir().mkpath(QString::fromStdString(folder));
  for (int b = 1; b <= 5; ++b) writeRaw(folder + "/data_batch_" + std::to_string(b) + ".bin", cifarRecords(4));
  writeRaw(folder + "/test_batch.bin", cifarRecords(6));
  auto [images, labels] = readCifarBatch(folder + "/test_batch.bin");
  QCOMPARE(images.sizes().vec(), (std::vector<int64_t>{6, 3, 32, 32}));
  QCOMPARE(labels[5].item<int64_t>(), 5);
  QCOMPARE(images[2][1][0][3].item<int>(), (2 + 1024 + 3) % 256);  // G plane
  DataConfig c;
  c.dataset = "cifar10";
  c.path = dir() + "/cifar";  // the parent folder is accepted too
  c.validationSize = 5;
  const DataSplits s = loadDataSplits(c);
  QCOMPARE(s.train.size(), 15);
  QCOMPARE(s.validation.size(), 5);
  QCOMPARE(s.test.size(), 6);
  QCOMPARE(s.channels(), 3);
  QCOMPARE(s.mean.size(), std::size_t(3));
}

void TestData::cifarCorrupt() {
  const std::string path = dir() + "/bad_batch.bin";
  Bytes b = cifarRecords(3);
  b.pop_back();
  writeRaw(path, b);
  QVERIFY(contains(errorOf([&] { readCifarBatch(path); }), "multiple of 3073"));
  b = cifarRecords(3);
  b[3073] = 10;
  writeRaw(path, b);
  QVERIFY(contains(errorOf([&] { readCifarBatch(path); }), "record 1 has label 10"));
  const std::string message = errorOf([&] { findCifarFolder(dir() + "/empty"); });
  QVERIFY2(contains(message, "data_batch_1..5.bin"), message.c_str());
}

void TestData::gzipBombRefused_data() {
  QTest::addColumn<QString>("file");
  QTest::newRow("images") << "train-images-idx3-ubyte.gz";
  QTest::newRow("labels") << "train-labels-idx1-ubyte.gz";
}

void TestData::gzipBombRefused() {
  // A valid IDX header for 10 small items, then 64 MiB of zeros: ~64 KiB compressed. Before,
  // a bigger bomb of this kind ended in std::bad_alloc with no file named.
  QFETCH(QString, file);
  const bool images = file.contains("images");
  Bytes b = images ? idxImages(10, 4, 4) : idxLabels(10);
  const std::size_t declared = b.size();
  b.resize(b.size() + (64u << 20), 0);
  const std::string path = dir() + "/" + file.toStdString();
  writeGz(path, b);
  b.clear();
  b.shrink_to_fit();
  const std::string message =
      errorOf([&] { images ? (void)readIdxImages(path) : (void)readIdxLabels(path); });
  QVERIFY2(contains(message, path + ": decompresses to more than " + std::to_string(declared) +
                                 " bytes, the size its IDX header declares"),
           message.c_str());
}

void TestData::decodeLimitWithoutHeader() {
  // Formats without a header (CIFAR batches) are held to the fixed cap; a small cap here.
  const std::string path = dir() + "/bomb.bin.gz";
  writeGz(path, Bytes(1u << 20, 0));
  DecodeLimit limit;
  limit.maxBytes = 1000;
  const std::string message = errorOf([&] { readFileBytes(path, limit); });
  QCOMPARE(message, path + ": decompresses to more than 1000 bytes, the limit for dataset files "
                           "(a damaged file or a gzip bomb)");
  QCOMPARE(readFileBytes(path).size(), std::size_t(1u << 20));
  // A raw (uncompressed) file is held to the same limit.
  limit.maxBytes = 10;
  writeRaw(path, Bytes(11, 1));
  QCOMPARE(errorOf([&] { readFileBytes(path, limit); }),
           path + ": is larger than the 10 bytes limit for dataset files");
}

void TestData::gzipMembersConcatenated() {
  // `cat a.gz b.gz` is a valid gzip file whose content is a then b (as gzread reads it).
  const Bytes whole = idxLabels(7);
  const std::string a = dir() + "/a.gz", c = dir() + "/cat.gz";
  writeGz(a, Bytes(whole.begin(), whole.begin() + 5));
  Bytes joined = readRaw(a);
  writeGz(a, Bytes(whole.begin() + 5, whole.end()));
  const Bytes second = readRaw(a);
  joined.insert(joined.end(), second.begin(), second.end());
  writeRaw(c, joined);
  QCOMPARE(readFileBytes(c), whole);
  QCOMPARE(readIdxLabels(c).size(0), std::int64_t(7));
}

void TestData::specialFilesRefused() {
  const std::string fifo = dir() + "/fifo-images";
  QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);  // no writer: opening it must not block
  QCOMPARE(errorOf([&] { readIdxImages(fifo); }), fifo + ": is not a regular file (a FIFO)");
  QCOMPARE(errorOf([&] { readCifarBatch("/dev/zero"); }),
           std::string("/dev/zero: is not a regular file (a character device)"));
}

void TestData::splits() {
  DataConfig c;
  c.dataset = "mnist";
  c.path = makeIdxFolder("splits", true);
  c.validationSize = 12;
  c.seed = 3;
  const DataSplits a = loadDataSplits(c);
  QCOMPARE(a.train.size(), 38);
  QCOMPARE(a.validation.size(), 12);
  QCOMPARE(a.test.size(), 20);
  QCOMPARE(a.classes(), 10);
  QCOMPARE(a.resolution(), 6);
  // Train and validation partition the training files: every image once.
  std::multiset<int> firstPixels;
  for (const ImageSet* s : {&a.train, &a.validation})
    for (int64_t i = 0; i < s->size(); ++i) firstPixels.insert(s->images[i][0][0][0].item<int>());
  std::multiset<int> expected;
  for (int i = 0; i < 50; ++i) expected.insert((i * 7) % 256);
  QCOMPARE(firstPixels, expected);
  // Seeded: same seed, same split; another seed, another split.
  QVERIFY(torch::equal(loadDataSplits(c).validation.labels, a.validation.labels));
  c.seed = 4;
  QVERIFY(!torch::equal(loadDataSplits(c).validation.images, a.validation.images));
  c.trainLimit = 10;
  c.testLimit = 7;
  const DataSplits limited = loadDataSplits(c);
  QCOMPARE(limited.train.size(), 10);
  QCOMPARE(limited.validation.size(), 12);
  QCOMPARE(limited.test.size(), 7);
}

void TestData::splitSizeErrors() {
  DataConfig c;
  c.dataset = "mnist";
  c.path = makeIdxFolder("toosmall", false);
  c.validationSize = 50;
  const std::string message = errorOf([&] { loadDataSplits(c); });
  QVERIFY2(contains(message, "data.validation_size") && contains(message, "50"), message.c_str());
}

void TestData::realFashionMnist() {
  if (!fileExists(std::string(kFashion) + "/train-images-idx3-ubyte.gz"))
    QSKIP("Fashion-MNIST not installed (Debian package dataset-fashion-mnist)");
  DataConfig c;  // defaults: fashion-mnist at the Debian path, 5000 held out
  const DataSplits s = loadDataSplits(c);
  QCOMPARE(s.train.size(), 55000);
  QCOMPARE(s.validation.size(), 5000);
  QCOMPARE(s.test.size(), 10000);
  QCOMPARE(s.train.images.sizes().vec(), (std::vector<int64_t>{55000, 1, 28, 28}));
  // Fashion-MNIST's well-known pixel statistics and balanced test classes.
  QVERIFY(std::abs(s.mean[0] - 0.286) < 0.005);
  QVERIFY(std::abs(s.std[0] - 0.353) < 0.005);
  QVERIFY(torch::equal(torch::bincount(s.test.labels), torch::full({10}, 1000, torch::kInt64)));
}

void TestData::syntheticDeterministicAndLearnable() {
  SyntheticSpec spec;
  spec.samples = 400;
  spec.resolution = 12;
  spec.classes = 4;
  spec.seed = 5;
  const ImageSet a = makeSyntheticSet(spec, "a");
  QVERIFY(torch::equal(makeSyntheticSet(spec, "b").images, a.images));
  QVERIFY(torch::equal(torch::bincount(a.labels), torch::full({4}, 100, torch::kInt64)));
  spec.stream = 1;
  const ImageSet test = makeSyntheticSet(spec, "test");
  QVERIFY(!torch::equal(test.images, a.images));
  spec.seed = 6;
  QVERIFY(!torch::equal(makeSyntheticSet(spec, "c").images, test.images));
  // Learnable: softmax regression on raw pixels beats chance (25 %) by far on the
  // other stream's samples after a few full-batch steps.
  auto x = a.images.flatten(1).to(torch::kFloat32) / 255.0 - 0.5;
  auto xt = test.images.flatten(1).to(torch::kFloat32) / 255.0 - 0.5;
  torch::nn::Linear model(x.size(1), 4);
  torch::optim::SGD opt(model->parameters(), torch::optim::SGDOptions(0.5).momentum(0.9));
  for (int step = 0; step < 100; ++step) {
    opt.zero_grad();
    torch::nn::functional::cross_entropy(model(x), a.labels).backward();
    opt.step();
  }
  torch::NoGradGuard noGrad;
  const double accuracy = model(xt).argmax(1).eq(test.labels).to(torch::kFloat64).mean().item<double>();
  qInfo("synthetic: linear model test accuracy %.3f", accuracy);
  QVERIFY(accuracy > 0.8);

  DataConfig c;
  c.dataset = "synthetic";
  c.syntheticSamples = 200;
  c.syntheticResolution = 8;
  c.syntheticChannels = 3;
  c.validationSize = 40;
  const DataSplits s = loadDataSplits(c);
  QCOMPARE(s.train.size(), 200);
  QCOMPARE(s.validation.size(), 40);
  QCOMPARE(s.test.size(), 50);
  QCOMPARE(s.channels(), 3);
}

void TestData::loaderCoversEpoch_data() {
  QTest::addColumn<int>("prefetch");
  QTest::addColumn<bool>("dropLast");
  QTest::newRow("sync") << 0 << false;
  QTest::newRow("prefetch 2") << 2 << false;
  QTest::newRow("prefetch 1, drop last") << 1 << true;
}

void TestData::loaderCoversEpoch() {
  QFETCH(int, prefetch);
  QFETCH(bool, dropLast);
  SyntheticSpec spec;
  spec.samples = 103;
  spec.resolution = 8;
  ImageSet set = makeSyntheticSet(spec, "s");
  set.labels = torch::arange(103, torch::kInt64);  // identify samples by label
  LoaderOptions o;
  o.batchSize = 10;
  o.prefetch = prefetch;
  o.dropLast = dropLast;
  BatchLoader loader(set, o);
  QCOMPARE(loader.batchesPerEpoch(), dropLast ? 10 : 11);
  for (int epoch = 0; epoch < 2; ++epoch) {
    loader.startEpoch(epoch);
    std::vector<int64_t> seen;
    Batch b;
    int batches = 0;
    while (loader.next(b)) {
      ++batches;
      QCOMPARE(b.images.scalar_type(), torch::kFloat32);
      QCOMPARE(b.images.size(0), b.labels.size(0));
      for (int64_t i = 0; i < b.labels.size(0); ++i) seen.push_back(b.labels[i].item<int64_t>());
    }
    QCOMPARE(batches, dropLast ? 10 : 11);
    std::sort(seen.begin(), seen.end());
    QVERIFY(std::adjacent_find(seen.begin(), seen.end()) == seen.end());  // no repeats
    QCOMPARE(seen.size(), std::size_t(dropLast ? 100 : 103));
    QVERIFY(!loader.next(b));
  }
}

void TestData::loaderDeterministic() {
  SyntheticSpec spec;
  spec.samples = 64;
  spec.resolution = 8;
  const ImageSet set = makeSyntheticSet(spec, "s");
  auto run = [&](int prefetch, int epoch, std::uint64_t seed) {
    LoaderOptions o;
    o.batchSize = 16;
    o.prefetch = prefetch;
    o.randomCrop = true;
    o.flip = true;
    o.seed = seed;
    BatchLoader loader(set, o);
    loader.startEpoch(epoch);
    std::vector<torch::Tensor> images;
    Batch b;
    while (loader.next(b)) images.push_back(b.images);
    return torch::cat(images);
  };
  const auto base = run(0, 1, 7);
  QVERIFY(torch::equal(run(3, 1, 7), base));   // thread timing does not matter
  QVERIFY(!torch::equal(run(0, 2, 7), base));  // another epoch, another order
  QVERIFY(!torch::equal(run(0, 1, 8), base));  // another seed
}

void TestData::loaderAugmentAndResize() {
  SyntheticSpec spec;
  spec.samples = 256;
  spec.channels = 2;
  spec.resolution = 10;
  const ImageSet set = makeSyntheticSet(spec, "s");
  std::vector<double> mean, std;
  channelStats(set.images, mean, std);
  LoaderOptions o;
  o.batchSize = 256;
  o.shuffle = false;
  o.mean = mean;
  o.std = std;
  {
    BatchLoader loader(set, o);
    Batch b;
    QVERIFY(loader.next(b));
    // Normalised per channel over the whole set.
    for (int c = 0; c < 2; ++c) {
      QVERIFY(std::abs(b.images.select(1, c).mean().item<double>()) < 1e-3);
      QVERIFY(std::abs(b.images.select(1, c).std().item<double>() - 1.0) < 1e-2);
    }
    // Unshuffled, unaugmented: exactly the stored pixels.
    const auto expected = (set.images[5][1].to(torch::kFloat32) / 255.0 - mean[1]) / std[1];
    QVERIFY((b.images[5][1] - expected).abs().max().item<double>() < 1e-5);
  }
  o.mean.clear();
  o.std.clear();
  o.flip = true;
  o.randomCrop = true;
  o.resolution = 16;
  BatchLoader loader(set, o);
  Batch b;
  QVERIFY(loader.next(b));
  QCOMPARE(b.images.sizes().vec(), (std::vector<int64_t>{256, 2, 16, 16}));
  o.resolution = 0;
  o.randomCrop = false;
  BatchLoader flipOnly(set, o);
  QVERIFY(flipOnly.next(b));
  const auto raw = set.images.to(torch::kFloat32) / 255.0;
  int flipped = 0, same = 0;
  for (int64_t i = 0; i < 256; ++i) {
    if (torch::allclose(b.images[i], raw[i].flip({2}))) ++flipped;
    else if (torch::allclose(b.images[i], raw[i])) ++same;
  }
  QCOMPARE(flipped + same, 256);
  QVERIFY(flipped > 80 && same > 80);
}

void TestData::loaderAbandonEpoch() {
  SyntheticSpec spec;
  spec.samples = 500;
  spec.resolution = 8;
  const ImageSet set = makeSyntheticSet(spec, "s");
  LoaderOptions o;
  o.batchSize = 5;
  o.prefetch = 4;
  BatchLoader loader(set, o);
  Batch b;
  for (int epoch = 0; epoch < 20; ++epoch) {
    loader.startEpoch(epoch);
    QVERIFY(loader.next(b));  // take one, abandon the rest: the worker must stop cleanly
  }
  // Destroyed with a worker blocked on a full queue: must not hang.
}

QTEST_APPLESS_MAIN(TestData)
#include "test_data.moc"
