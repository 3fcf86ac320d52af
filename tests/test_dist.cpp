// The pieces of data-parallel training that need no second process: torchrun's
// environment read and checked with the variable named, sync batch norm on one rank
// equal to torch's batch norm (outputs, gradients, running statistics), and rank
// shards of a loader's batches that put together give the unsharded batch, augmentation
// included.

#include <torch/torch.h>

#include <QtTest>

#include <map>

#include "data/batch_loader.h"
#include "model/sync_batch_norm.h"
#include "train/dist_config.h"
#include "util/errors.h"

namespace {

/// One rank: the sum over the ranks is the tensor itself.
class SingleRank : public h4h::BatchStatsSync {
public:
  void sumAcrossRanks(torch::Tensor&) override { ++calls; }
  int calls = 0;
};

h4h::DistConfig fromEnvironment(const std::map<std::string, std::string>& variables) {
  return h4h::distConfigFromEnvironment(h4h::DistConfig{}, [&](const char* name) -> const char* {
    auto it = variables.find(name);
    return it == variables.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

class TestDist : public QObject {
  Q_OBJECT

private slots:
  void environmentLikeTorchrun() {
    const h4h::DistConfig c = fromEnvironment(
        {{"RANK", "3"}, {"WORLD_SIZE", "4"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "node7"}, {"MASTER_PORT", "29400"}});
    QCOMPARE(c.rank, 3);
    QCOMPARE(c.worldSize, 4);
    QCOMPARE(c.localRank, 1);
    QCOMPARE(c.masterAddr, std::string("node7"));
    QCOMPARE(c.masterPort, 29400);
    QVERIFY(c.distributed());
    h4h::validateDistConfig(c);
    QVERIFY(!fromEnvironment({}).distributed());
    try {
      fromEnvironment({{"MASTER_PORT", "http"}});
      QFAIL("a port that is no number was accepted");
    } catch (const h4h::InputError& e) {
      QVERIFY2(QString(e.what()).contains("MASTER_PORT") && QString(e.what()).contains("\"http\""), e.what());
    }
    h4h::DistConfig outside = fromEnvironment({{"RANK", "4"}, {"WORLD_SIZE", "4"}});
    QVERIFY_EXCEPTION_THROWN(h4h::validateDistConfig(outside), h4h::InputError);
    h4h::DistConfig slow;
    slow.timeoutSeconds = 0.1;
    QVERIFY_EXCEPTION_THROWN(h4h::validateDistConfig(slow), h4h::InputError);
  }

  void syncBatchNormOnOneRankIsBatchNorm() {
    torch::manual_seed(5);
    const auto x0 = torch::randn({6, 5, 4, 3}) * 2.0 + 0.5;
    const auto w0 = torch::rand({5}) + 0.5, b0 = torch::randn({5});
    const auto upstream = torch::randn({6, 5, 4, 3});
    int syncCalls = 0;
    auto run = [&](bool sync, torch::Tensor& rm, torch::Tensor& rv) -> std::vector<torch::Tensor> {
      auto x = x0.clone().requires_grad_(true);
      auto w = w0.clone().requires_grad_(true), b = b0.clone().requires_grad_(true);
      SingleRank rank;
      torch::Tensor y = sync ? h4h::syncBatchNorm(x, w, b, rm, rv, 0.1, 1e-5, rank)
                             : torch::batch_norm(x, w, b, rm, rv, true, 0.1, 1e-5, false);
      (y * upstream).sum().backward();
      if (sync) syncCalls = rank.calls;
      return std::vector<torch::Tensor>{y.detach(), x.grad(), w.grad(), b.grad()};
    };
    torch::Tensor rm1 = torch::zeros({5}), rv1 = torch::ones({5}), rm2 = rm1.clone(), rv2 = rv1.clone();
    const auto expected = run(false, rm1, rv1);
    const auto got = run(true, rm2, rv2);
    QCOMPARE(syncCalls, 2);  // the statistics forward, the gradient sums backward
    for (std::size_t i = 0; i < expected.size(); ++i)
      QVERIFY2(torch::allclose(got[i], expected[i], 1e-5, 1e-6), qPrintable(QString("tensor %1").arg(i)));
    QVERIFY(torch::allclose(rm2, rm1, 1e-6, 1e-7));
    QVERIFY(torch::allclose(rv2, rv1, 1e-6, 1e-7));
  }

  void shardsMakeTheGlobalBatch() {
    h4h::ImageSet set;
    set.images = torch::randint(0, 256, {40, 1, 6, 6}, torch::kUInt8);
    set.labels = torch::arange(40, torch::kInt64);
    set.classes = 40;
    h4h::LoaderOptions options;
    options.batchSize = 12;
    options.randomCrop = options.flip = true;
    options.prefetch = 0;
    options.seed = 9;
    h4h::BatchLoader whole(set, options);
    std::vector<std::unique_ptr<h4h::BatchLoader>> shards;
    for (int r = 0; r < 3; ++r) {
      h4h::LoaderOptions o = options;
      o.shardRank = r;
      o.shardCount = 3;
      shards.push_back(std::make_unique<h4h::BatchLoader>(set, o));
      shards.back()->startEpoch(2);
    }
    whole.startEpoch(2);
    h4h::Batch global;
    int batches = 0;
    while (whole.next(global)) {
      std::vector<torch::Tensor> images, labels;
      for (auto& shard : shards) {
        h4h::Batch part;
        QVERIFY(shard->next(part));
        images.push_back(part.images);
        labels.push_back(part.labels);
      }
      QVERIFY(torch::equal(torch::cat(labels), global.labels));
      QVERIFY(torch::equal(torch::cat(images), global.images));
      ++batches;
    }
    QCOMPARE(batches, 4);  // the last, short batch of 4 split 1/1/2
  }
};

QTEST_MAIN(TestDist)
#include "test_dist.moc"
