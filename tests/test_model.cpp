// Supernet: forward shapes over many random archs, weight sharing, extraction
// equivalence, BN recalibration, checkpoints, and the parameter count of extracted
// subnets tied to the layer graph's (docs/layer_rules.md).
#include <torch/torch.h>  // before Qt: torch uses `slots` as a name

#include <QtTest>

#include <cstdio>
#include <fstream>
#include <random>

#include "graph/layer_graph.h"
#include "model/arch_fit.h"
#include "model/depthwise_conv.h"
#include "model/subnet_export.h"
#include "model/supernet.h"
#include "project/project_io.h"
#include "graph/layers_csv.h"
#include "space/arch_key.h"
#include "space/arch_spec.h"
#include "space/space_ops.h"
#include "support/test_paths.h"
#include "test_model_space.h"
#include "util/errors.h"

using namespace h4h;

namespace {

/// Non-trivial BN statistics and affine parameters, so slicing mistakes show.
void randomiseBatchNorm(Supernet& net) {
  torch::NoGradGuard noGrad;
  for (auto& item : net->named_buffers(true)) {
    if (item.key().find("running_mean") != std::string::npos) item.value().uniform_(-0.3, 0.3);
    if (item.key().find("running_var") != std::string::npos) item.value().uniform_(0.5, 2.0);
  }
  for (auto& item : net->named_parameters(true)) {
    const std::string& k = item.key();
    if (k.find(".bn.") != std::string::npos || k.find(".ln") != std::string::npos) {
      if (k.size() >= 6 && k.compare(k.size() - 6, 6, "weight") == 0) item.value().uniform_(0.7, 1.3);
      else item.value().uniform_(-0.1, 0.1);
    }
  }
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

/// The parameter as a handle sharing its storage (named_parameters() returns a temporary
/// dictionary: a reference into it would dangle).
torch::Tensor paramNamed(Supernet& net, const std::string& name) {
  const auto params = net->named_parameters(true);
  const torch::Tensor* t = params.find(name);
  if (!t) throw std::runtime_error("no parameter " + name);
  return *t;
}

Project loadExample(const std::string& name) {
  return loadProjectOrThrow(test::projectPath(name));
}

}  // namespace

class TestModel : public QObject {
  Q_OBJECT

private slots:
  void init() { torch::manual_seed(7); }

  void forwardShapes_data();
  void forwardShapes();
  void rejectsArchThatDoesNotFit();
  void weightSharing();
  void extractEquivalence_data();
  void extractEquivalence();
  void extractEquivalenceTrainMode();
  void bnRecalibration();
  void paramsMatchGraph_data();
  void paramsMatchGraph();
  void checkpointRoundTrip();
  void depthwiseGradients_data();
  void depthwiseGradients();
  void exportUntrained();
  void exportCheckpointRecalibrated();
  void cudaDevice();
};

void TestModel::forwardShapes_data() {
  QTest::addColumn<int>("variant");
  QTest::addColumn<int>("resolution");
  QTest::newRow("swish@16") << 0 << 16;
  QTest::newRow("swish@20") << 0 << 20;
  QTest::newRow("relu6@16") << 1 << 16;
  QTest::newRow("relu6@20") << 1 << 20;
}

void TestModel::forwardShapes() {
  QFETCH(int, variant);
  QFETCH(int, resolution);
  const SearchSpace sp = variant == 0 ? test::tinyModelSpace() : test::tinyModelSpaceRelu6();
  Supernet net(sp);
  net->eval();
  torch::NoGradGuard noGrad;
  std::mt19937_64 rng(static_cast<std::uint64_t>(100 + variant * 10 + resolution));
  auto x = torch::randn({2, 3, resolution, resolution});
  int hybrids = 0;
  for (int i = 0; i < 100; ++i) {
    const Arch arch = sampleArch(sp, rng, /*cnnOnly=*/i % 4 == 0);
    for (const auto& s : arch.stages) hybrids += s.vitDepth > 0 ? 1 : 0;
    const auto y = net->forward(x, arch);
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2, sp.classes}));
    QVERIFY2(torch::isfinite(y).all().item<bool>(), archKey(arch).c_str());
  }
  QVERIFY(hybrids > 50);  // the sample really covers ViT blocks
  QCOMPARE(net->forward(x, maxArch(sp)).size(1), sp.classes);
  QCOMPARE(net->forward(x, minArch(sp)).size(1), sp.classes);
}

void TestModel::rejectsArchThatDoesNotFit() {
  const SearchSpace sp = test::tinyModelSpace();
  Supernet net(sp);
  auto x = torch::randn({1, 3, 16, 16});
  Arch arch = maxArch(sp);
  arch.stages[1].width = 40;
  try {
    net->forward(x, arch);
    QFAIL("expected InputError");
  } catch (const InputError& e) {
    QVERIFY2(std::string(e.what()).find("arch.stages[1].width") != std::string::npos, e.what());
  }
  arch = maxArch(sp);
  arch.stages[1].heads[0] = 5;  // does not divide 24
  QVERIFY_THROWS_EXCEPTION(InputError, net->forward(x, arch));
  arch = maxArch(sp);
  arch.stages.pop_back();
  QVERIFY_THROWS_EXCEPTION(InputError, net->forward(x, arch));
  SearchSpace bad = sp;
  bad.stages[1].heads = {5};
  QVERIFY_THROWS_EXCEPTION(InputError, Supernet{bad});
}

void TestModel::weightSharing() {
  const SearchSpace sp = test::tinyModelSpace();
  Supernet net(sp);
  net->eval();
  torch::NoGradGuard noGrad;
  auto x = torch::randn({2, 3, 16, 16});
  // A subnet that uses part of everything: narrow stage 1, kernel 3 of 7, one of two
  // ViT blocks of stage 1.
  Arch sub = maxArch(sp);
  sub.stages[1].width = 16;
  sub.stages[1].kernels = {3, 3};
  sub.stages[1].vitDepth = 1;
  sub.stages[1].heads = {2};
  sub.stages[1].mlpRatios = {1.0};
  const Arch full = maxArch(sp);
  const auto subBefore = net->forward(x, sub).clone();
  const auto fullBefore = net->forward(x, full).clone();

  struct Poke {
    std::string param;
    std::vector<int64_t> index;
    bool usedBySub;
  };
  const std::vector<Poke> pokes = {
      {"stages.1.mb.0.project.conv.weight", {20, 0, 0, 0}, false},  // channel 20 >= width 16
      {"stages.1.mb.0.project.conv.weight", {3, 0, 0, 0}, true},
      {"stages.1.mb.0.dw.conv.weight", {0, 0, 0, 0}, false},        // 7x7 corner, outside 3x3
      {"stages.1.mb.0.dw.conv.weight", {0, 0, 3, 3}, true},         // centre
      {"stages.1.vit.0.qkv.weight", {24 + 20, 0}, false},           // k block, row 20 >= 16
      {"stages.1.vit.0.qkv.weight", {24 + 2, 1}, true},
      {"stages.1.vit.0.fc1.weight", {17, 0}, false},                // hidden 17 >= 16
      {"stages.1.vit.1.fc1.weight", {0, 0}, false},                 // second block unused
      {"stages.1.vit.0.fc1.weight", {3, 2}, true},
  };
  for (const Poke& poke : pokes) {
    torch::Tensor p = paramNamed(net, poke.param);
    torch::Tensor element = p;
    for (int64_t i : poke.index) element = element[i];
    const float old = element.item<float>();
    element.fill_(old + 5.0f);  // large: logits are small at init
    const double dSub = maxAbsDiff(net->forward(x, sub), subBefore);
    const double dFull = maxAbsDiff(net->forward(x, full), fullBefore);
    element.fill_(old);
    const std::string what = poke.param + (poke.usedBySub ? " (used)" : " (unused)");
    QVERIFY2(dFull > 0.0, ("max net ignores " + what).c_str());
    if (poke.usedBySub) QVERIFY2(dSub > 0.0, ("subnet ignores " + what).c_str());
    else QVERIFY2(dSub == 0.0, ("subnet changed by " + what).c_str());
  }
}

void TestModel::extractEquivalence_data() {
  QTest::addColumn<int>("variant");
  QTest::newRow("swish, head conv + feature") << 0;
  QTest::newRow("relu6, conv_expand head") << 1;
}

void TestModel::extractEquivalence() {
  QFETCH(int, variant);
  const SearchSpace sp = variant == 0 ? test::tinyModelSpace() : test::tinyModelSpaceRelu6();
  Supernet net(sp);
  randomiseBatchNorm(net);
  net->eval();
  torch::NoGradGuard noGrad;
  std::mt19937_64 rng(5);
  auto x = torch::randn({3, 3, 20, 20});
  std::vector<Arch> archs = {maxArch(sp), minArch(sp)};
  for (int i = 0; i < 25; ++i) archs.push_back(sampleArch(sp, rng));
  double worst = 0.0;
  for (const Arch& arch : archs) {
    Subnet sub = net->extract(arch);
    QVERIFY(!sub->is_training());
    const auto ySuper = net->forward(x, arch);
    const auto ySub = sub->forward(x);
    worst = std::max(worst, maxAbsDiff(ySuper, ySub));
    QVERIFY2(maxAbsDiff(ySuper, ySub) <= 1e-5, archKey(arch).c_str());
    // The copy is independent of the supernet.
    QVERIFY(sub->parameters()[0].data_ptr() != net->parameters()[0].data_ptr());
  }
  qInfo("worst |supernet - extracted| over %zu archs: %.3g", archs.size(), worst);
}

void TestModel::extractEquivalenceTrainMode() {
  const SearchSpace sp = test::tinyModelSpace();
  Supernet net(sp);
  net->train();
  std::mt19937_64 rng(9);
  auto x = torch::randn({4, 3, 16, 16});
  for (int i = 0; i < 5; ++i) {
    const Arch arch = sampleArch(sp, rng);
    Subnet sub = net->extract(arch);
    QVERIFY(sub->is_training());
    // Batch statistics and gradients agree too.
    auto ySuper = net->forward(x, arch);
    auto ySub = sub->forward(x);
    QVERIFY(maxAbsDiff(ySuper, ySub) <= 1e-5);
    ySuper.pow(2).sum().backward();
    ySub.pow(2).sum().backward();
    const torch::Tensor gSuper = paramNamed(net, "classifier.weight").grad();
    const auto& gSub = sub->named_parameters().find("classifier.weight")->grad();
    QVERIFY(gSuper.defined() && gSub.defined());
    QVERIFY(maxAbsDiff(gSuper.narrow(1, 0, gSub.size(1)), gSub) <= 1e-4);
    net->zero_grad();
  }
}

void TestModel::bnRecalibration() {
  const SearchSpace sp = test::tinyModelSpace();
  Supernet net(sp);
  randomiseBatchNorm(net);
  net->eval();
  Arch arch = maxArch(sp);
  arch.stemWidth = 8;  // uses 8 of the stem BN's 12 channels
  auto b1 = torch::randn({4, 3, 16, 16}) * 2 + 1;
  auto b2 = torch::randn({4, 3, 16, 16});
  auto stats = [&]() {
    std::map<std::string, torch::Tensor> out;
    for (const auto& item : net->named_buffers(true)) out[item.key()] = item.value().clone();
    return out;
  };
  const auto before = stats();
  QCOMPARE(net->recalibrateBN(arch, {b1}), 1);
  const auto s1 = stats();
  QVERIFY(!net->is_training());  // mode restored
  const auto& m0 = before.at("stem.bn.running_mean");
  const auto& m1 = s1.at("stem.bn.running_mean");
  QVERIFY(maxAbsDiff(m0.narrow(0, 0, 8), m1.narrow(0, 0, 8)) > 1e-3);  // used slice re-estimated
  QCOMPARE(maxAbsDiff(m0.narrow(0, 8, 4), m1.narrow(0, 8, 4)), 0.0);   // unused slice kept
  net->recalibrateBN(arch, {b2});
  const auto s2 = stats();
  net->recalibrateBN(arch, {b1, b2});
  const auto s12 = stats();
  // Exact average over batches, for every BN the arch uses.
  int checked = 0;
  for (const auto& [key, v12] : s12) {
    if (key.find("running_") == std::string::npos) continue;
    const auto expected = (s1.at(key) + s2.at(key)) / 2;
    QVERIFY2(maxAbsDiff(v12, expected) <= 1e-4, key.c_str());
    ++checked;
  }
  QVERIFY(checked > 20);
  // The recalibrated statistics are what the extracted subnet carries.
  auto sub = net->extract(arch);
  const auto* subMean = sub->named_buffers().find("stem.bn.running_mean");
  QVERIFY(subMean);
  QCOMPARE(maxAbsDiff(*subMean, s12.at("stem.bn.running_mean").narrow(0, 0, 8)), 0.0);
  // Callback form stops at an undefined tensor.
  int calls = 0;
  QCOMPARE(net->recalibrateBN(arch, 5, [&]() { return calls++ < 2 ? b1 : torch::Tensor(); }), 2);
}

void TestModel::paramsMatchGraph_data() {
  QTest::addColumn<QString>("source");
  QTest::addColumn<bool>("viaSupernet");
  QTest::newRow("tiny") << "tiny" << true;
  QTest::newRow("tiny-relu6") << "tiny-relu6" << true;
  QTest::newRow("demo.h4h") << "demo.h4h" << true;
  QTest::newRow("paper.h4h") << "paper.h4h" << false;  // count only, no ImageNet-size supernet
}

void TestModel::paramsMatchGraph() {
  QFETCH(QString, source);
  QFETCH(bool, viaSupernet);
  const std::string name = source.toStdString();
  const SearchSpace sp = name == "tiny"         ? test::tinyModelSpace()
                         : name == "tiny-relu6" ? test::tinyModelSpaceRelu6()
                                                : loadExample(name).space;
  std::unique_ptr<Supernet> net;
  if (viaSupernet) net = std::make_unique<Supernet>(sp);
  std::mt19937_64 rng(3);
  std::vector<Arch> archs = {maxArch(sp), minArch(sp)};
  for (int i = 0; i < 12; ++i) archs.push_back(sampleArch(sp, rng, i % 3 == 0));
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const Arch& arch = archs[i];
    const std::int64_t graphParams = graphTotals(lowerArch(sp, arch)).params;
    const std::int64_t modelParams =
        viaSupernet ? countParameters(*(*net)->extract(arch)) : countParameters(*Subnet(sp, arch));
    QVERIFY2(modelParams == graphParams,
             (archKey(arch) + ": model " + std::to_string(modelParams) + " vs graph " +
              std::to_string(graphParams)).c_str());
    if (i < 2)
      qInfo("%s %s net: %lld parameters", name.c_str(), i == 0 ? "max" : "min",
            static_cast<long long>(modelParams));
  }
}

void TestModel::depthwiseGradients_data() {
  QTest::addColumn<int>("kernel");
  QTest::addColumn<int>("stride");
  QTest::addColumn<int>("size");
  QTest::addColumn<bool>("channelsLast");
  QTest::newRow("5x5 s1") << 5 << 1 << 9 << true;
  QTest::newRow("5x5 s2 odd") << 5 << 2 << 9 << true;
  QTest::newRow("5x5 s2 even") << 5 << 2 << 8 << true;
  QTest::newRow("7x7 s1 nchw input") << 7 << 1 << 6 << false;
  QTest::newRow("3x3 s1") << 3 << 1 << 5 << true;
}

// The hand-written weight gradient (and the oneDNN input gradient it is paired with)
// equals autograd through torch::conv2d, on a sliced weight as the supernet uses.
void TestModel::depthwiseGradients() {
  QFETCH(int, kernel);
  QFETCH(int, stride);
  QFETCH(int, size);
  QFETCH(bool, channelsLast);
  const int64_t channels = 11, pad = kernel / 2;
  torch::Tensor x0 = torch::randn({3, channels, size, size});
  if (channelsLast) x0 = x0.contiguous(torch::MemoryFormat::ChannelsLast);
  torch::Tensor full = torch::randn({channels + 2, 1, 7, 7}, torch::requires_grad());
  auto grads = [&](bool mine) {
    torch::Tensor x = x0.clone().set_requires_grad(true);
    const int64_t off = (7 - kernel) / 2;
    torch::Tensor w = full.narrow(0, 0, channels).narrow(2, off, kernel).narrow(3, off, kernel);
    torch::Tensor y = mine ? depthwiseConv2d(x, w, stride, pad)
                           : torch::conv2d(x, w, {}, stride, pad, 1, channels);
    y.backward(torch::cos(y.detach()));  // a non-uniform output gradient
    auto result = std::make_pair(x.grad().clone(), full.grad().clone());
    full.mutable_grad() = torch::Tensor();
    return result;
  };
  const auto [gxRef, gwRef] = grads(false);
  const auto [gx, gw] = grads(true);
  QVERIFY(torch::allclose(gx, gxRef, 1e-4, 1e-5));
  QVERIFY(torch::allclose(gw, gwRef, 1e-4, 1e-4));
  QVERIFY(gw.abs().sum().item<double>() > 0.0);
  // The unused rows and the ring around a smaller kernel get no gradient.
  QCOMPARE(gw.narrow(0, channels, 2).abs().sum().item<double>(), 0.0);
}

void TestModel::checkpointRoundTrip() {
  const SearchSpace sp = test::tinyModelSpace();
  Supernet a(sp);
  randomiseBatchNorm(a);
  a->eval();
  const std::string dir = QDir::tempPath().toStdString() + "/h4h_test_model_" +
                          std::to_string(QCoreApplication::applicationPid());
  QDir().mkpath(QString::fromStdString(dir));
  const std::string plain = dir + "/plain.pt", nested = dir + "/nested.pt";
  torch::save(a, plain);
  {
    torch::serialize::OutputArchive outer, model;
    a->save(model);
    outer.write("model", model);
    outer.write("epoch", torch::tensor(3));
    outer.save_to(nested);
  }
  auto x = torch::randn({2, 3, 16, 16});
  torch::NoGradGuard noGrad;
  const Arch arch = maxArch(sp);
  const auto expected = a->forward(x, arch);
  for (const std::string& path : {plain, nested}) {
    torch::manual_seed(99);
    Supernet b(sp);
    b->eval();
    QVERIFY(maxAbsDiff(b->forward(x, arch), expected) > 1e-4);
    loadSupernetWeights(b, path);
    QCOMPARE(maxAbsDiff(b->forward(x, arch), expected), 0.0);
  }
  Supernet other(test::tinyModelSpaceRelu6());
  try {
    loadSupernetWeights(other, plain);  // head_conv has another shape
    QFAIL("expected InputError");
  } catch (const InputError& e) {
    QVERIFY2(std::string(e.what()).find("does not match") != std::string::npos, e.what());
  }
  QVERIFY_THROWS_EXCEPTION(InputError, loadSupernetWeights(other, dir + "/missing.pt"));
  QDir(QString::fromStdString(dir)).removeRecursively();
}

void TestModel::exportUntrained() {
  QTemporaryDir tmp;
  Project project = loadExample("demo.h4h");
  project.filePath = tmp.path().toStdString() + "/demo.h4h";
  const Arch arch = minArch(project.space);
  const std::string out = tmp.path().toStdString() + "/export";

  // No checkpoint yet: a clear error that says what to do.
  try {
    exportSubnet(project, arch, out);
    QFAIL("expected InputError");
  } catch (const InputError& e) {
    const std::string m = e.what();
    QVERIFY2(m.find(defaultCheckpointPath(project)) != std::string::npos &&
                 m.find("h4h train") != std::string::npos,
             m.c_str());
  }

  ExportOptions options;
  options.untrained = true;
  options.seed = 11;
  const ExportResult r = exportSubnet(project, arch, out, options);
  QCOMPARE(r.bnBatches, 0);
  const std::int64_t graphParams = graphTotals(lowerArch(project.space, arch)).params;
  QCOMPARE(r.parameters, graphParams);

  // subnet.pt loads into the module the arch describes and computes what the
  // supernet computes for that arch.
  Subnet loaded(project.space, arch);
  torch::load(loaded, r.weightsPath);
  loaded->eval();
  torch::manual_seed(11);
  Supernet reference(project.space);
  reference->eval();
  torch::NoGradGuard noGrad;
  auto x = torch::randn({2, 1, 28, 28});
  QVERIFY(maxAbsDiff(loaded->forward(x), reference->forward(x, arch)) <= 1e-5);

  // arch.json is a valid --arch file and records the counts.
  QCOMPARE(resolveArchSpec(project.space, r.archPath), arch);
  std::ifstream in(r.archPath);
  const Json info = Json::parse(in);
  QCOMPARE(info.at("key").get<std::string>(), archKey(arch));
  QCOMPARE(info.at("parameters").get<std::int64_t>(), graphParams);
  QCOMPARE(info.at("tensors").size(), loaded->named_parameters().size() + loaded->named_buffers().size());
  QVERIFY(info.at("input_normalisation").is_null());  // no data read

  std::ifstream csv(r.layersPath);
  std::string header;
  std::getline(csv, header);
  QVERIFY(header.rfind("id,block,kind", 0) == 0);

  // state_dict.pt is a pickled {name: tensor} dict (torch.load in Python).
  std::ifstream sd(r.stateDictPath, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(sd)), {});
  const auto dict = torch::pickle_load(bytes).toGenericDict();
  QCOMPARE(dict.size(), info.at("tensors").size());
  const auto w = dict.at("classifier.weight").toTensor();
  QVERIFY(torch::equal(w, loaded->named_parameters().find("classifier.weight")->detach()));
}

void TestModel::exportCheckpointRecalibrated() {
  QTemporaryDir tmp;
  Project project = loadExample("demo.h4h");
  project.filePath = tmp.path().toStdString() + "/demo.h4h";
  project.data.dataset = "synthetic";
  project.data.syntheticSamples = 64;
  project.data.syntheticResolution = 28;
  project.data.validationSize = 8;
  project.data.batchSize = 16;
  QDir().mkpath(QString::fromStdString(project.artifactDir()));
  Supernet net(project.space);
  torch::save(net, defaultCheckpointPath(project));

  const Arch arch = maxArch(project.space);
  ExportOptions options;
  options.bnBatches = 3;
  const ExportResult r = exportSubnet(project, arch, tmp.path().toStdString() + "/out", options);
  QCOMPARE(r.bnBatches, 3);
  std::ifstream in(r.archPath);
  const Json info = Json::parse(in);
  QCOMPARE(info.at("input_normalisation").at("mean").size(), std::size_t(1));
  Subnet loaded(project.space, arch);
  torch::load(loaded, r.weightsPath);
  // Weights come from the checkpoint; BN statistics were re-estimated on the data.
  QVERIFY(torch::equal(*loaded->named_parameters().find("stem.conv.weight"),
                       net->named_parameters().find("stem.conv.weight")->detach()));
  const auto& mean = *loaded->named_buffers().find("stem.bn.running_mean");
  QVERIFY(mean.abs().max().item<double>() > 1e-3);  // the checkpoint held zeros
  QCOMPARE(net->named_buffers().find("stem.bn.running_mean")->abs().max().item<double>(), 0.0);

  options.checkpointPath = tmp.path().toStdString() + "/other.pt";
  QVERIFY_THROWS_EXCEPTION(InputError, exportSubnet(project, arch, tmp.path().toStdString() + "/o2", options));
}

void TestModel::cudaDevice() {
  if (!torch::cuda::is_available()) QSKIP("no CUDA device in this build/machine");
  const SearchSpace sp = test::tinyModelSpace();
  Supernet net(sp);
  randomiseBatchNorm(net);
  net->to(torch::kCUDA);
  net->eval();
  torch::NoGradGuard noGrad;
  auto x = torch::randn({2, 3, 16, 16}, torch::kCUDA);
  std::mt19937_64 rng(4);
  for (int i = 0; i < 5; ++i) {
    const Arch arch = sampleArch(sp, rng);
    auto sub = net->extract(arch);
    QVERIFY(sub->parameters()[0].is_cuda());
    QVERIFY(maxAbsDiff(net->forward(x, arch), sub->forward(x)) <= 1e-4);
  }
  net->recalibrateBN(maxArch(sp), {torch::randn({4, 3, 16, 16})});
}

QTEST_APPLESS_MAIN(TestModel)
#include "test_model.moc"
