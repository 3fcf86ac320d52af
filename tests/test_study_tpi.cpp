// The `tpi` study (issue 22) on a tiny synthetic project, quick budget: the hybrid min
// net's definition, the fixed random set, the statistics, the pairing (phase 1 trained
// once per seed and every continuation started from its weights: TPI-freeze's CNN part
// is phase 1's, tensor for tensor), the same tables from the same seed, and a cancelled
// study that resumes without retraining what it finished and ends with the same tables.
#include <torch/torch.h>

#include <QtTest>

#include <QTemporaryDir>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>

#include "model/supernet.h"
#include "project/project_file.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "study/study_job.h"
#include "study/study_stats.h"
#include "study/tpi_design.h"
#include "study/tpi_work.h"
#include "support/tiny_project.h"
#include "train/recipe_plan.h"
#include "train/study_training_backend.h"

using namespace h4h;
namespace fs = std::filesystem;

namespace {

StudySettings tpiSettings(int seeds) {
  StudySettings s;
  s.study = "tpi";
  s.quick = true;
  s.seeds = seeds;
  return s;
}

/// The real training functions, with every training call recorded; optionally cancels
/// the study once `cancelAfter` trainings have returned.
struct RecordingTraining {
  std::mutex mutex;
  std::vector<std::string> trained;                 ///< artefact folders, in call order
  std::map<std::string, std::string> startedFrom;   ///< artefact folder -> initial weights
  CancelToken* cancel = nullptr;
  int cancelAfter = -1;

  StudyTraining make() {
    StudyTraining real = studyTraining();
    StudyTraining t = real;
    t.train = [this, real](const Project& p, const TrainerOptions& o, int threads, JobContext& ctx) {
      const JobResult r = real.train(p, o, threads, ctx);
      std::lock_guard<std::mutex> lock(mutex);
      trained.push_back(o.artifactDir);
      startedFrom[o.artifactDir] = o.initialWeights;
      if (cancel && static_cast<int>(trained.size()) == cancelAfter) cancel->cancel();
      return r;
    };
    return t;
  }
  int callsFor(const std::string& suffix) {
    std::lock_guard<std::mutex> lock(mutex);
    int n = 0;
    for (const auto& f : trained)
      if (f.size() >= suffix.size() && f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0) ++n;
    return n;
  }
};

struct Outcome {
  JobResult result;
  StudyResult study;
};

Outcome runTpi(const Project& project, int seeds, RecordingTraining& training, CancelToken& cancel) {
  StudyJob job(project, tpiSettings(seeds), {}, {}, training.make());
  JobContext context(cancel);
  Outcome o;
  o.result = job.execute(context);
  o.study = job.result();
  return o;
}

Project copyOf(const QTemporaryDir& dir, const QString& name) {
  const QString path = test::writeProject(dir, name, test::tinyProject(96, 1));
  return loadProjectOrThrow(path.toStdString());
}

}  // namespace

class TestStudyTpi : public QObject {
  Q_OBJECT

private:
  QTemporaryDir m_dir;

private slots:
  void hybridMinNetIsTheSmallestWithViTBlocks() {
    const Project p = copyOf(m_dir, "def.h4h");
    const Arch hybrid = hybridMinArch(p.space);
    const Arch min = minArch(p.space);
    QCOMPARE(hybrid.stages[0].vitDepth, 0);  // "mb" allows no ViT block
    QCOMPARE(hybrid.stages[1].vitDepth, 1);
    QCOMPARE(hybrid.stages[1].heads, std::vector<int>{2});
    QCOMPARE(hybrid.stages[1].mlpRatios, std::vector<double>{1.0});
    // Every other choice is the min net's.
    QCOMPARE(archKey(restrictCnnOnly(hybrid)), archKey(min));
    QCOMPARE(archKey(cnnMinArch(p.space)), archKey(min));

    SearchSpace deeper = p.space;
    deeper.stages[1].vitDepths = {0, 3, 2};
    deeper.stages[1].heads = {4, 2};
    deeper.stages[1].mlpRatios = {2.0, 0.5};
    const Arch d = hybridMinArch(deeper);
    QCOMPARE(d.stages[1].vitDepth, 2);
    QCOMPARE(d.stages[1].heads, (std::vector<int>{2, 2}));
    QCOMPARE(d.stages[1].mlpRatios, (std::vector<double>{0.5, 0.5}));

    try {
      hybridMinArch(cnnOnlySpace(p.space));
      QFAIL("a CNN-only space has no hybrid min net");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("space.stages") != std::string::npos, e.what());
    }
  }

  void randomSetIsFixedAndDistinct() {
    const Project p = copyOf(m_dir, "rand.h4h");
    const std::vector<Arch> a = tpiRandomSubnets(p.space, 20), b = tpiRandomSubnets(p.space, 20);
    QVERIFY(!a.empty());
    QCOMPARE(a.size(), b.size());
    std::set<std::string> keys;
    for (std::size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(archKey(a[i]), archKey(b[i]));
      keys.insert(archKey(a[i]));
    }
    QCOMPARE(keys.size(), a.size());
  }

  void summariesAndIntervals() {
    const SampleSummary s = summarise({1.0, 2.0, 3.0, std::nan("")});
    QCOMPARE(s.n, 3);
    QCOMPARE(s.mean, 2.0);
    QCOMPARE(s.sd, 1.0);
    QVERIFY(std::abs(s.ciHigh - (2.0 + 4.303 / std::sqrt(3.0))) < 1e-9);
    QVERIFY(std::abs(s.ciLow - (2.0 - 4.303 / std::sqrt(3.0))) < 1e-9);
    QVERIFY(std::isnan(summarise({5.0}).sd));
    QCOMPARE(summarise({}).n, 0);
    QVERIFY(std::abs(tQuantile95(1000) - 1.96) < 0.01);
  }

  void budgetsAndDesign() {
    QCOMPARE(tpiBudget("").name, std::string("standard"));
    QVERIFY_THROWS_EXCEPTION(InputError, tpiBudget("huge"));
    const TpiBudget b = tpiBudget("standard");
    QVERIFY(b.randomSubnets >= 20);
    // The continuations train phase 2's epochs; the from-scratch recipes phase 1 + phase 2.
    QCOMPARE(tpiPhases(TpiRecipe::CnnControl, b).front().epochs, b.phase2Epochs);
    QVERIFY(tpiPhases(TpiRecipe::CnnControl, b).front().cnnOnly);
    QVERIFY(tpiPhases(TpiRecipe::TpiFreeze, b).front().freezeCnn);
    QCOMPARE(tpiPhases(TpiRecipe::Vanilla, b).front().epochs, b.phase1Epochs + b.phase2Epochs);
    QVERIFY(!tpiPhases(TpiRecipe::Vanilla, b).front().cnnOnly);
    // Unknown budgets are refused by the job, naming the option.
    const Project p = copyOf(m_dir, "budget.h4h");
    StudySettings s = tpiSettings(1);
    s.budget = "huge";
    try {
      StudyJob job(p, s);
      QFAIL("an unknown budget is refused");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).find("--budget") != std::string::npos, e.what());
    }
  }

  void phaseOneIsSharedAndTablesRepeat() {
    QTemporaryDir dirA, dirB;
    const Project a = copyOf(dirA, "a.h4h");
    const Project b = copyOf(dirB, "b.h4h");
    RecordingTraining ta, tb;
    CancelToken ca, cb;
    const Outcome oa = runTpi(a, 2, ta, ca);
    QVERIFY2(oa.result.status == JobStatus::Finished, oa.result.message.c_str());
    // Phase 1 once per seed; the continuations start from that seed's phase-1 weights.
    QCOMPARE(ta.callsFor("s1-phase1"), 1);
    QCOMPARE(ta.callsFor("s2-phase1"), 1);
    QCOMPARE(static_cast<int>(ta.trained.size()), 2 * 6);
    const TpiWorkFolder work(a, tpiBudget("quick"));
    for (const char* recipe : {"cnn-control", "tpi-unfreeze", "tpi-freeze"}) {
      const std::string folder = (fs::path(work.path()) / (std::string("s2-") + recipe)).string();
      QCOMPARE(ta.startedFrom[folder], (fs::path(work.path()) / "s2-phase1" / "supernet.pt").string());
    }
    QVERIFY(ta.startedFrom[(fs::path(work.path()) / "s2-vanilla").string()].empty());

    // TPI-freeze kept phase 1's CNN part exactly, BN statistics included.
    Supernet phase1(a.space), frozen(a.space);
    loadSupernetWeights(phase1, (fs::path(work.path()) / "s1-phase1" / "supernet.pt").string());
    loadSupernetWeights(frozen, (fs::path(work.path()) / "s1-tpi-freeze" / "supernet.pt").string());
    int compared = 0, differing = 0;
    const auto before = phase1->named_parameters(true);
    for (const auto& item : frozen->named_parameters(true)) {
      if (isCnnPartTensor(item.key())) {
        QVERIFY2(torch::equal(item.value(), before[item.key()]), item.key().c_str());
        ++compared;
      } else if (!torch::equal(item.value(), before[item.key()])) {
        ++differing;
      }
    }
    const auto beforeBuffers = phase1->named_buffers(true);
    for (const auto& item : frozen->named_buffers(true))
      if (isCnnPartTensor(item.key())) {
        QVERIFY2(torch::equal(item.value(), beforeBuffers[item.key()]), item.key().c_str());
        ++compared;
      }
    QVERIFY(compared > 0);
    QVERIFY(differing > 0);  // the ViT blocks and the head did train

    // The same seed gives the same tables in another folder.
    const Outcome ob = runTpi(b, 2, tb, cb);
    QVERIFY2(ob.result.status == JobStatus::Finished, ob.result.message.c_str());
    QVERIFY(oa.study.table("tpi") && ob.study.table("tpi"));
    QVERIFY(*oa.study.table("tpi") == *ob.study.table("tpi"));
    QVERIFY(*oa.study.table("paired") == *ob.study.table("paired"));
    const StudyTable& t = *oa.study.table("tpi");
    QCOMPARE(t.rows.size(), std::size_t(6));  // quick trains vanilla-gradproj too
    QCOMPARE(t.number(0, "seeds"), 2.0);
    QVERIFY(std::isnan(t.number(0, "hybrid_min")));  // CNN-only: no trained ViT blocks
    for (std::size_t r = 2; r < t.rows.size(); ++r) {
      QVERIFY(!std::isnan(t.number(r, "hybrid_min")));
      QVERIFY(t.number(r, "max_net") >= 0.0 && t.number(r, "max_net") <= 100.0);
    }
    QCOMPARE(oa.study.headlines.size(), std::size_t(6));
  }

  void aRunKilledBeforeItsFirstCheckpointStartsOver() {
    // A killed session can leave a unit's run folder without a checkpoint: the next
    // session trains that unit afresh instead of failing to resume it.
    QTemporaryDir dir;
    const Project p = copyOf(dir, "killed.h4h");
    const TpiWorkFolder work(p, tpiBudget("quick"));
    fs::create_directories(fs::path(work.path()) / "s1-phase1" / "runs" / "train-1");
    RecordingTraining training;
    CancelToken cancel;
    const Outcome o = runTpi(p, 1, training, cancel);
    QVERIFY2(o.result.status == JobStatus::Finished, o.result.message.c_str());
    QCOMPARE(TpiWorkFolder(p, tpiBudget("quick")).finishedCount(), std::size_t(6));
  }

  void aSecondStudyOnTheSameProjectIsRefused() {
    QTemporaryDir dir;
    const Project p = copyOf(dir, "locked.h4h");
    const FileLock held = lockProjectJob(p.filePath, "study");  // as a running study holds it
    StudyJob job(p, tpiSettings(1), {}, {}, studyTraining());
    CancelToken cancel;
    JobContext context(cancel);
    const JobResult r = job.execute(context);
    QCOMPARE(r.status, JobStatus::Failed);
    QVERIFY(job.badInput());
    QVERIFY2(r.message.find("another `h4h study` is running") != std::string::npos, r.message.c_str());
  }

  void aCorruptStateFileIsNamed() {
    QTemporaryDir dir;
    const Project p = copyOf(dir, "corrupt.h4h");
    const std::string state = TpiWorkFolder(p, tpiBudget("quick")).path() + "/state.json";
    QFile f(QString::fromStdString(state));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\": \"h4h-tpi-work\", \"units\": {\"s1-phase1\": {\"id\": 7}}");
    f.close();
    try {
      TpiWorkFolder reopened(p, tpiBudget("quick"));
      QFAIL("a corrupt state file is refused");
    } catch (const InputError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("state.json") != std::string::npos && what.find("delete the folder") != std::string::npos,
               e.what());
    }
  }

  void cancelledStudyResumesWithoutRetraining() {
    QTemporaryDir dirFull, dirCut;
    const Project full = copyOf(dirFull, "full.h4h");
    const Project cut = copyOf(dirCut, "cut.h4h");
    RecordingTraining straight;
    CancelToken none;
    const Outcome reference = runTpi(full, 1, straight, none);
    QVERIFY2(reference.result.status == JobStatus::Finished, reference.result.message.c_str());

    RecordingTraining first;
    CancelToken cancel;
    first.cancel = &cancel;
    first.cancelAfter = 3;
    const Outcome stopped = runTpi(cut, 1, first, cancel);
    QCOMPARE(stopped.result.status, JobStatus::Cancelled);
    const TpiBudget budget = tpiBudget("quick");
    const std::size_t kept = TpiWorkFolder(cut, budget).finishedCount();
    QVERIFY(kept < 6);

    RecordingTraining second;
    CancelToken again;
    const Outcome resumed = runTpi(cut, 1, second, again);
    QVERIFY2(resumed.result.status == JobStatus::Finished, resumed.result.message.c_str());
    // Only the supernets not finished before were trained (resumed) again.
    QCOMPARE(second.trained.size(), 6 - kept);
    QCOMPARE(TpiWorkFolder(cut, budget).finishedCount(), std::size_t(6));
    QVERIFY(*resumed.study.table("tpi") == *reference.study.table("tpi"));
    QVERIFY(*resumed.study.table("paired") == *reference.study.table("paired"));
  }
};

QTEST_GUILESS_MAIN(TestStudyTpi)
#include "test_study_tpi.moc"
