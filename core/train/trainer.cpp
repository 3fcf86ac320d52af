#include "train/trainer.h"

#include <torch/torch.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>

#include "data/batch_loader.h"
#include "data/dataset.h"
#include "model/supernet.h"
#include "model/sync_batch_norm.h"
#include "model/torch_runtime.h"
#include "space/arch_key.h"
#include "space/space_json.h"
#include "train/lr_schedule.h"
#include "train/process_group.h"
#include "train/recipe_plan.h"
#include "train/run_history.h"
#include "train/sandwich.h"
#include "train/sgd_optimizer.h"
#include "train/subnet_eval.h"
#include "train/train_checkpoint.h"
#include "train/train_status.h"
#include "util/errors.h"
#include "util/file_read.h"
#include "util/text_output.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// Settings whose change would make a resumed run differ from the interrupted one
/// (epoch counts may change: that extends or shortens the run).
void checkResumable(const Json& saved, const Json& now, const std::string& file) {
  for (auto it = now.begin(); it != now.end(); ++it) {
    const std::string& key = it.key();
    if (key == "epochs" || key == "phase1_epochs" || key == "phase2_epochs") continue;
    if (isBookkeepingTrainingSetting(key)) continue;
    const Json was = saved.is_object() && saved.contains(key) ? saved[key] : Json();
    if (was != it.value())
      throw InputError("training." + key + ": differs from the checkpoint in " + file + " (" +
                       describeJson(was) + " there, " + describeJson(it.value()) +
                       " now); train without --resume to start over");
  }
}

/// The phases as a run record lists them.
std::vector<RunPhase> runPhases(const std::vector<PhasePlan>& plans) {
  std::vector<RunPhase> out;
  for (const PhasePlan& plan : plans) out.push_back(RunPhase{plan});
  return out;
}

/// Partial sums of the epoch in progress (kept in checkpoints so a resumed epoch
/// reports the same means).
struct EpochAccumulator {
  double lossSum = 0.0, subLossSum = 0.0, seconds = 0.0, lastLr = 0.0;
  std::int64_t steps = 0, images = 0;

  Json toJson() const {
    return Json{{"loss_sum", lossSum}, {"sub_loss_sum", subLossSum}, {"seconds", seconds},
                {"last_lr", lastLr},   {"steps", steps},             {"images", images}};
  }
  static EpochAccumulator fromJson(const Json& j) {
    EpochAccumulator a;
    if (!j.is_object()) return a;
    a.lossSum = j.value("loss_sum", 0.0);
    a.subLossSum = j.value("sub_loss_sum", 0.0);
    a.seconds = j.value("seconds", 0.0);
    a.lastLr = j.value("last_lr", 0.0);
    a.steps = j.value("steps", std::int64_t{0});
    a.images = j.value("images", std::int64_t{0});
    return a;
  }
};

}  // namespace

struct TrainerJob::Impl {
  Project project;
  TrainerOptions options;
  TrainingConfig config;
  std::string dir;     // the project's artefact folder: the supernet in force
  std::string runDir;  // this run's checkpoints
  std::vector<PhasePlan> phases;
  RunHistory history;

  // Set by prepare().
  bool prepared = false;
  std::unique_ptr<ProcessGroup> group;  ///< data-parallel runs only
  torch::Device device = torch::kCPU;
  std::optional<DataSplits> splits;
  Supernet net{nullptr};
  std::unique_ptr<SgdOptimizer> optimizer;
  std::unique_ptr<BatchLoader> trainLoader, testLoader;
  std::vector<torch::Tensor> calibration;
  std::mt19937_64 rng;
  TrainPosition pos;
  EpochAccumulator epoch;
  std::int64_t stepsPerEpoch = 0;
  double lastMinTop1 = -1.0, lastMaxTop1 = -1.0;
  double lastFraction = 0.0;

  // Per session.
  int enteredPhase = -1;
  std::unique_ptr<BufferSnapshot> frozenBuffers;
  double unsavedSeconds = 0.0;
  std::int64_t unsavedImages = 0;
  double lastCheckpointAt = 0.0;

  std::string path(const char* file) const { return (fs::path(runDir) / file).string(); }
  /// Rank 0 of a data-parallel run, or the one process: the rank that writes.
  bool leader() const { return !group || group->rank() == 0; }
  int ranks() const { return group ? group->size() : 1; }
  std::string inForcePath() const { return (fs::path(dir) / kSupernetFile).string(); }
  double now() const {
    if (options.clock) return options.clock();
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
  }

  void prepare();
  void prepareModel(const std::string& stateFile);
  JobResult run(JobContext& ctx);
  void loadResumeState(const std::string& stateFile, const Json& settings);
  void shareInitialState();
  bool stopAgreed(JobContext& ctx);
  void enterPhase(JobContext& ctx);
  bool runEpochSteps(JobContext& ctx, std::int64_t& sessionSteps, std::int64_t sessionTotal);
  void finishEpoch(JobContext& ctx);
  void saveCheckpoint(JobContext& ctx);
  bool installSupernet();
  TrainingStatus currentStatus() const;
  void findCheckpoint(std::string& stateFile);
  std::int64_t remainingSteps() const;
  Json resultData() const;
  std::string checkpointReference() const;
};

// --------------------------------------------------------------------- prepare

/// Sets runDir (and for a resume the state file to read) and checks, before any data is
/// loaded or step taken, that every folder and file the run writes is writable.
void TrainerJob::Impl::findCheckpoint(std::string& stateFile) {
  if (options.resume) {
    const std::optional<RunCheckpoint> found = findRunCheckpoint(dir, options.resumeRun);
    if (!found) {
      if (options.resumeRun.empty())
        throw InputError(dir + ": no checkpoint to resume; train without --resume first");
      throw InputError("--resume-run: " + dir + " holds no checkpoint of run " +
                       options.resumeRun + " (\"" + options.resumeRun + "\")");
    }
    stateFile = (fs::path(found->folder) / kTrainStateFile).string();
    // A checkpoint of the older layout continues in a folder of its own from now on.
    if (found->legacy)
      runDir = runCheckpointFolder(dir, found->status.runId.empty() ? history.id() : found->status.runId);
    else
      runDir = found->folder;
  } else {
    runDir = runCheckpointFolder(dir, history.id());
  }
  checkWritableFolder(dir);
  checkWritableFolder(fs::exists(runDir) ? runDir : (fs::path(dir) / kRunsFolder).string());
  for (const char* file : {kTrainStateFile, kSupernetFile, kTrainStatusFile}) checkReplaceableFile(path(file));
  checkReplaceableFile(inForcePath());
  checkReplaceableFile((fs::path(dir) / kInForceFile).string());
  if (!options.resume) {
    // Reserve the run's folder: another process starting a run on the same project at
    // the same time takes the next id instead of sharing the checkpoint files.
    for (int tries = 0;; ++tries) {
      if (::mkdir(runDir.c_str(), 0777) == 0) break;
      if (errno != EEXIST || tries > 1000)
        throw InputError(runDir + ": cannot create the run's checkpoint folder (" +
                         std::strerror(errno) + ")");
      history.record().id = nextRunId(std::vector<std::string>{history.id()});
      runDir = runCheckpointFolder(dir, history.id());
    }
  }
}

void TrainerJob::Impl::prepare() {
  if (prepared) return;
  if (options.dist.distributed()) {
    validateDistConfig(options.dist);
    const int batch = project.data.batchSize, world = options.dist.worldSize;
    if (batch % world != 0)
      throw InputError("data.batch_size: the global batch must split evenly over " + std::to_string(world) +
                       " processes (" + std::to_string(batch) + ")");
  }
  std::string stateFile;
  if (!options.dist.distributed() || options.dist.rank == 0) findCheckpoint(stateFile);
  try {
    if (options.dist.distributed()) group = std::make_unique<ProcessGroup>(options.dist, config.device == "cuda");
    prepareModel(stateFile);
  } catch (...) {
    std::error_code ec;
    if (!options.resume && leader()) fs::remove(runDir, ec);  // the reserved folder, while still empty
    throw;
  }
  prepared = true;
}

void TrainerJob::Impl::prepareModel(const std::string& stateFile) {
  if (config.device == "cuda") {
    if (!torch::cuda::is_available())
      throw InputError("training.device: CUDA is not available on this machine or in this build (\"cuda\")");
    // One GPU per rank of this machine, as torchrun's LOCAL_RANK assigns them.
    device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(options.dist.localRank));
  }
  DataConfig data = project.data;
  if (!project.filePath.empty()) data.path = project.resolvePath(data.path);
  splits = loadDataSplits(data, modelInputOf(project.space));
  if (splits->channels() != project.space.inputChannels)
    throw InputError("space.input_channels: the dataset " + data.dataset + " has " +
                     std::to_string(splits->channels()) + " channels (" +
                     std::to_string(project.space.inputChannels) + ")");
  if (splits->classes() != project.space.classes)
    throw InputError("space.classes: the dataset " + data.dataset + " has " +
                     std::to_string(splits->classes()) + " classes (" +
                     std::to_string(project.space.classes) + ")");

  {
    // The initial weights come from torch's global generator: seeding and drawing
    // under one lock keeps them a function of the seed when jobs run on several threads.
    std::lock_guard<std::mutex> lock(torchRngMutex());
    torch::manual_seed(config.seed);
    net = Supernet(project.space);
  }
  if (!options.resume && !options.initialWeights.empty() && leader())
    loadSupernetWeights(net, options.initialWeights);
  net->to(device);
  net->train();
  optimizer = std::make_unique<SgdOptimizer>(*net, config.momentum, config.nesterov, config.weightDecay);
  rng.seed(config.seed);

  LoaderOptions train = evalLoaderOptions(data, *splits, device);
  train.batchSize = data.batchSize;
  train.shuffle = true;
  train.dropLast = true;
  train.randomCrop = data.randomCrop;
  train.flip = data.flip;
  train.shardRank = group ? group->rank() : 0;
  train.shardCount = ranks();
  trainLoader = std::make_unique<BatchLoader>(splits->train, train);
  if (options.evaluateOnValidation && splits->validation.size() == 0)
    throw InputError("data.validation_size: evaluating on the validation split needs one (0)");
  LoaderOptions test = evalLoaderOptions(data, *splits, device);
  test.shardRank = train.shardRank;
  test.shardCount = train.shardCount;
  testLoader = std::make_unique<BatchLoader>(options.evaluateOnValidation ? splits->validation : splits->test, test);
  calibration = recalibrationSet(data, *splits, config.bnRecalibBatches, device, train.shardRank, train.shardCount);
  stepsPerEpoch = trainLoader->batchesPerEpoch();
  if (options.maxStepsPerEpoch > 0)
    stepsPerEpoch = std::min<std::int64_t>(stepsPerEpoch, options.maxStepsPerEpoch);
  if (stepsPerEpoch < 1)
    throw InputError("data.batch_size: larger than the training split (" +
                     std::to_string(splits->train.size()) + " images) (" +
                     std::to_string(data.batchSize) + ")");

  const Json settings = trainingConfigToJson(config);
  if (options.resume) {
    loadResumeState(stateFile, settings);
  } else {
    RunRecord& r = history.record();
    r.data = splits->description;
    r.stepsPerEpoch = stepsPerEpoch;
    r.threads = torch::get_num_threads();
    r.processes = ranks();
    shareInitialState();
  }
  history.record().checkpoint = checkpointReference();
}

/// DDP's start: every rank begins from rank 0's parameters and buffers.
void TrainerJob::Impl::shareInitialState() {
  if (!group) return;
  std::vector<torch::Tensor> state;
  for (const auto& p : net->parameters()) state.push_back(p.data());
  for (const auto& b : net->buffers()) state.push_back(b);
  group->broadcast(state, "the initial weights");
}

/// Reads the checkpoint to continue (rank 0 reads the file, the other ranks its bytes).
void TrainerJob::Impl::loadResumeState(const std::string& stateFile, const Json& settings) {
  std::string file = stateFile;
  if (leader() && !fs::exists(file))
    throw InputError(file + ": no checkpoint to resume; train without --resume first");
  std::string received;
  if (group) {
    constexpr std::uint64_t kMaxCheckpointBytes = std::uint64_t{1} << 34;
    const std::string bytes =
        group->shareFromRank0("checkpoint", leader() ? readInputFile(file, kMaxCheckpointBytes) : std::string());
    if (!leader()) {
      received = (fs::temp_directory_path() / ("h4h-resume-" + std::to_string(::getpid()) + ".pt")).string();
      writeTextFile(received, bytes);
      file = received;
    }
  }
  struct RemoveOnExit {
    std::string path;
    ~RemoveOnExit() {
      std::error_code ec;
      if (!path.empty()) fs::remove(path, ec);
    }
  } cleanup{received};
  {
    TrainState state = loadTrainState(file, net, *optimizer);
    if (state.space != spaceToJson(project.space))
      throw InputError("space: differs from the space the checkpoint in " + file +
                       " was trained on; train without --resume to start over");
    checkResumable(state.settings, settings, file);
    std::istringstream rngText(state.rng);
    rngText >> rng;
    if (rngText.fail()) throw InputError(file + ": corrupt sampler state in the checkpoint");
    pos = state.position;
    epoch = EpochAccumulator::fromJson(state.epochAccumulator);
    const std::string freshId = history.id();
    history = RunHistory(std::move(state.history));
    RunRecord& r = history.record();
    if (r.id.empty()) r.id = freshId;
    r.settings = settings;
    r.phases = runPhases(phases);
    r.processes = ranks();
    if (!r.epochs.empty()) {
      lastMinTop1 = r.epochs.back().minTop1;
      lastMaxTop1 = r.epochs.back().maxTop1;
    }
  }
}

std::string TrainerJob::Impl::checkpointReference() const {
  if (!project.filePath.empty() && options.artifactDir.empty())
    return (fs::path(fs::path(project.filePath).filename().string() + ".d") /
            fs::relative(runDir, dir) / kSupernetFile)
        .generic_string();
  return path(kSupernetFile);
}

// ------------------------------------------------------------------------- run

/// Whether to stop now: this process was cancelled, or (data-parallel) any rank was.
bool TrainerJob::Impl::stopAgreed(JobContext& ctx) {
  if (!group) return ctx.cancelled();
  torch::Tensor flag = torch::tensor({ctx.cancelled() ? 1.0 : 0.0});
  group->allReduceSum(flag, "the stop flag");
  return flag.item<double>() > 0.0;
}

std::int64_t TrainerJob::Impl::remainingSteps() const {
  std::int64_t total = 0;
  for (std::size_t p = static_cast<std::size_t>(pos.phase); p < phases.size(); ++p) {
    const std::int64_t done = static_cast<int>(p) == pos.phase ? pos.epochInPhase : 0;
    total += std::max<std::int64_t>(0, phases[p].epochs - done) * stepsPerEpoch;
  }
  return std::max<std::int64_t>(0, total - pos.stepInEpoch);
}

void TrainerJob::Impl::enterPhase(JobContext& ctx) {
  const PhasePlan& plan = phases[pos.phase];
  const bool fresh = pos.epochInPhase == 0 && pos.stepInEpoch == 0;
  // A new phase starts from rest: phase 2 continues from phase 1's weights only.
  if (fresh) optimizer->reset();
  std::int64_t frozen = 0, trainable = 0;
  for (auto& item : net->named_parameters(true)) {
    const bool freeze = plan.freezeCnn && isCnnPartTensor(item.key());
    item.value().requires_grad_(!freeze);
    (freeze ? frozen : trainable) += item.value().numel();
  }
  frozenBuffers.reset();
  if (plan.freezeCnn) frozenBuffers = std::make_unique<BufferSnapshot>(*net, isCnnPartTensor);
  enteredPhase = pos.phase;
  Json data = phasePlanToJson(plan);
  data["phase"] = pos.phase + 1;
  data["frozen_parameters"] = frozen;
  data["trainable_parameters"] = trainable;
  ctx.event("train.phase", data);
}

bool TrainerJob::Impl::runEpochSteps(JobContext& ctx, std::int64_t& sessionSteps,
                                     std::int64_t sessionTotal) {
  const PhasePlan& plan = phases[pos.phase];
  const SearchSpace& space = project.space;
  const std::int64_t phaseSteps = plan.epochs * stepsPerEpoch;
  const auto warmup = static_cast<std::int64_t>(std::llround(config.warmupEpochs * stepsPerEpoch));
  SandwichSettings settings;
  settings.labelSmoothing = config.labelSmoothing;
  settings.distill = config.distill;
  settings.gradProjection = plan.gradProjection;
  if (group)
    settings.reduceGradients = [this](std::vector<torch::Tensor>& grads) { group->allReduceMean(grads, "gradients"); };

  trainLoader->startEpoch(pos.epochsDone);
  Batch batch;
  for (std::int64_t k = 0; k < pos.stepInEpoch; ++k)
    if (!trainLoader->next(batch)) break;

  const auto epochLabel = "phase " + std::to_string(pos.phase + 1) + "/" +
                          std::to_string(phases.size()) + " (" + plan.name + "), epoch " +
                          std::to_string(pos.epochInPhase + 1) + "/" + std::to_string(plan.epochs);
  while (pos.stepInEpoch < stepsPerEpoch) {
    if (!group && ctx.cancelled()) return false;  // ranks stop together, after a step
    const auto t0 = Clock::now();
    if (!trainLoader->next(batch)) break;
    const std::vector<Arch> archs = sandwichArchs(space, plan.cnnOnly, config.sandwichRandom, rng);
    if (options.onSandwich) options.onSandwich(pos.phase, archs);
    const std::int64_t phaseStep = pos.epochInPhase * stepsPerEpoch + pos.stepInEpoch;
    const double lr = cosineWarmupLr(config.learningRate, phaseStep, warmup, phaseSteps);

    SandwichLosses losses = sandwichStep(net, batch.images, batch.labels, archs, settings);
    if (!std::isfinite(losses.maxLoss) || !std::isfinite(losses.subLoss))
      throw std::runtime_error("training diverged at step " + std::to_string(pos.globalStep) +
                               " (loss " + std::to_string(losses.maxLoss) +
                               "); lower training.learning_rate or set training.grad_clip");
    if (config.gradClip > 0.0) {
      std::vector<torch::Tensor> withGrad;
      for (const auto& p : net->parameters())
        if (p.grad().defined()) withGrad.push_back(p);
      torch::nn::utils::clip_grad_norm_(withGrad, config.gradClip);
    }
    optimizer->step(lr);
    optimizer->zeroGrad();
    if (frozenBuffers) frozenBuffers->restore();
    bool stop = false;
    if (group) {
      // The global batch's mean losses, and whether any rank was asked to stop.
      torch::Tensor shared = torch::tensor({losses.maxLoss, losses.subLoss, ctx.cancelled() ? 1.0 : 0.0});
      group->allReduceSum(shared, "losses");
      losses.maxLoss = shared[0].item<double>() / ranks();
      losses.subLoss = shared[1].item<double>() / ranks();
      stop = shared[2].item<double>() > 0.0;
    }

    const double seconds = secondsSince(t0);
    const std::int64_t images = batch.labels.size(0) * ranks();
    history.addStep(pos.globalStep, losses.maxLoss, lr);
    epoch.lossSum += losses.maxLoss;
    epoch.subLossSum += losses.subLoss;
    epoch.seconds += seconds;
    epoch.images += images;
    epoch.lastLr = lr;
    ++epoch.steps;
    unsavedSeconds += seconds;
    unsavedImages += images;
    ++pos.stepInEpoch;
    ++pos.globalStep;
    ++sessionSteps;

    const double imagesPerSecond = epoch.seconds > 0.0 ? epoch.images / epoch.seconds : 0.0;
    ctx.event("train.step", Json{{"phase", pos.phase + 1},
                                 {"epoch", pos.epochsDone + 1},
                                 {"phase_epoch", pos.epochInPhase + 1},
                                 {"step", pos.globalStep - 1},
                                 {"step_in_epoch", pos.stepInEpoch - 1},
                                 {"steps_per_epoch", stepsPerEpoch},
                                 {"loss", losses.maxLoss},
                                 {"sub_loss", losses.subLoss},
                                 {"lr", lr},
                                 {"images_per_s", imagesPerSecond}});
    std::ostringstream message;
    message.precision(4);
    message << "step " << pos.stepInEpoch << "/" << stepsPerEpoch << ", loss " << losses.maxLoss
            << ", " << static_cast<long long>(imagesPerSecond) << " img/s";
    lastFraction = sessionTotal > 0 ? static_cast<double>(sessionSteps) / sessionTotal : 1.0;
    ctx.progress(lastFraction, epochLabel, message.str());
    // Time-based checkpoint within the epoch (the epoch's end writes its own).
    const double interval = 60.0 * config.checkpointMinutes;
    if (interval > 0.0 && pos.stepInEpoch < stepsPerEpoch && now() - lastCheckpointAt >= interval)
      saveCheckpoint(ctx);
    if (stop) return false;
  }
  return true;
}

void TrainerJob::Impl::finishEpoch(JobContext& ctx) {
  const PhasePlan& plan = phases[pos.phase];
  const std::vector<Arch> extremes = sandwichArchs(project.space, plan.cnnOnly, 0, rng);
  const auto t0 = Clock::now();
  ctx.progress(lastFraction, "evaluating", "min and max net, epoch " + std::to_string(pos.epochsDone + 1));
  const double maxTop1 = evaluateSubnetTop1(net, extremes[0], calibration, *testLoader, options.evalBatches, group.get());
  const double minTop1 = evaluateSubnetTop1(net, extremes[1], calibration, *testLoader, options.evalBatches, group.get());
  const double evalSeconds = secondsSince(t0);
  lastMinTop1 = minTop1;
  lastMaxTop1 = maxTop1;
  const double steps = std::max<std::int64_t>(1, epoch.steps);
  RunEpoch entry;
  entry.phase = pos.phase + 1;
  entry.phaseEpoch = pos.epochInPhase + 1;
  entry.epoch = pos.epochsDone + 1;
  entry.loss = epoch.lossSum / steps;
  entry.subLoss = epoch.subLossSum / steps;
  entry.minTop1 = minTop1;
  entry.maxTop1 = maxTop1;
  entry.minArch = archKey(extremes[1]);
  entry.maxArch = archKey(extremes[0]);
  entry.imagesPerSecond = epoch.seconds > 0.0 ? epoch.images / epoch.seconds : 0.0;
  entry.seconds = epoch.seconds;
  entry.evalSeconds = evalSeconds;
  entry.lr = epoch.lastLr;
  const Json event = entry.toJson();
  history.addEpoch(std::move(entry));
  ++pos.epochsDone;
  ++pos.epochInPhase;
  pos.stepInEpoch = 0;
  epoch = EpochAccumulator();
  pos.finished = pos.epochInPhase >= plan.epochs && pos.phase + 1 == static_cast<int>(phases.size());
  if (pos.finished) history.setStatus(RunStatus::Finished);
  saveCheckpoint(ctx);
  ctx.event("train.epoch", event);
}

void TrainerJob::Impl::saveCheckpoint(JobContext& ctx) {
  history.addTraining(unsavedSeconds, unsavedImages);
  unsavedSeconds = 0.0;
  unsavedImages = 0;
  if (!leader()) {
    lastCheckpointAt = now();
    return;
  }
  RunRecord& record = history.record();
  record.epochsDone = pos.epochsDone;
  record.updated = utcTimestamp();
  if (lastMinTop1 >= 0.0) {
    record.minTop1 = lastMinTop1;
    record.maxTop1 = lastMaxTop1;
  }
  fs::create_directories(runDir);
  TrainState state;
  state.position = pos;
  std::ostringstream rngText;
  rngText << rng;
  state.rng = rngText.str();
  state.settings = trainingConfigToJson(config);
  state.space = spaceToJson(project.space);
  state.history = history.record();
  state.epochAccumulator = epoch.toJson();
  // train_state.pt first: it alone is enough to resume; the others are derived.
  saveTrainState(path(kTrainStateFile), net, *optimizer, state);
  saveSupernetWeights(path(kSupernetFile), net);
  writeTrainingStatus(runDir, currentStatus());
  const bool installed = pos.finished && installSupernet();
  lastCheckpointAt = now();
  ctx.event("train.checkpoint", Json{{"path", path(kTrainStateFile)},
                                     {"run_id", history.id()},
                                     {"epochs_done", pos.epochsDone},
                                     {"step_in_epoch", pos.stepInEpoch},
                                     {"finished", pos.finished},
                                     {"in_force", installed}});
  if (options.onCheckpoint) options.onCheckpoint(history.record());
}

TrainingStatus TrainerJob::Impl::currentStatus() const {
  TrainingStatus status;
  status.runId = history.id();
  status.recipe = config.recipe;
  status.finished = pos.finished;
  status.phase = pos.phase;
  status.epochsDone = pos.epochsDone;
  for (const auto& p : phases) status.totalEpochs += p.epochs;
  status.stepInEpoch = pos.stepInEpoch;
  status.minTop1 = lastMinTop1;
  status.maxTop1 = lastMaxTop1;
  status.settings = trainingConfigToJson(config);
  status.space = spaceToJson(project.space);
  status.updated = utcTimestamp();
  status.runFolder = fs::relative(runDir, dir).generic_string();
  return status;
}

/// A finished run's weights become the supernet in force: supernet.pt is replaced by
/// rename within its folder, then supernet.json names the run. False when they already
/// were (a finished run resumed).
bool TrainerJob::Impl::installSupernet() {
  std::optional<TrainingStatus> current;
  try {
    current = inForceSupernet(dir);
  } catch (const InputError&) {
  }
  const TrainingStatus status = currentStatus();
  if (current && current->finished && current->runId == status.runId &&
      current->epochsDone == status.epochsDone)
    return false;
  saveSupernetWeights(inForcePath(), net);
  writeInForceRecord(dir, status);
  return true;
}

Json TrainerJob::Impl::resultData() const {
  return Json{{"run", history.record().toJson()},
              {"min_top1", lastMinTop1},
              {"max_top1", lastMaxTop1},
              {"epochs_done", pos.epochsDone},
              {"supernet", pos.finished ? inForcePath() : path(kSupernetFile)},
              {"in_force", pos.finished}};
}

JobResult TrainerJob::Impl::run(JobContext& ctx) {
  std::optional<ScopedJobThreads> threads;
  if (options.threads > 0) threads.emplace(options.threads);
  ctx.progress(0.0, "preparing", "loading data");
  prepare();
  const std::int64_t sessionTotal = remainingSteps();
  std::int64_t sessionSteps = 0;
  if (sessionTotal == 0 && pos.stepInEpoch == 0) {
    // Nothing left (a finished run resumed): report what it reached, and put its
    // weights in force when another run's are.
    const bool installed = pos.finished && leader() && installSupernet();
    return {JobStatus::Finished,
            "already trained: " + std::to_string(pos.epochsDone) + " epochs" +
                (installed ? "; its weights are in force again" : ""),
            resultData()};
  }
  history.setStatus(RunStatus::Running);
  lastCheckpointAt = now();
  const ScopedBatchStatsSync syncBatchNorm(group.get());
  try {
    while (true) {
      const PhasePlan& plan = phases[pos.phase];
      if (pos.epochInPhase >= plan.epochs) {
        if (pos.phase + 1 >= static_cast<int>(phases.size())) break;
        ++pos.phase;
        pos.epochInPhase = 0;
        pos.stepInEpoch = 0;
        continue;
      }
      if (enteredPhase != pos.phase) enterPhase(ctx);
      if (!runEpochSteps(ctx, sessionSteps, sessionTotal) || stopAgreed(ctx)) {
        history.setStatus(RunStatus::Cancelled);
        saveCheckpoint(ctx);
        return {JobStatus::Cancelled,
                "cancelled at epoch " + std::to_string(pos.epochsDone + 1) + ", step " +
                    std::to_string(pos.stepInEpoch) + "; checkpoint saved in " + runDir,
                resultData()};
      }
      finishEpoch(ctx);
    }
  } catch (...) {
    history.setStatus(RunStatus::Failed);
    throw;
  }
  history.setStatus(RunStatus::Finished);
  std::ostringstream summary;
  summary.precision(4);
  summary << "trained " << pos.epochsDone << " epochs: min net " << 100.0 * lastMinTop1
          << "%, max net " << 100.0 * lastMaxTop1 << "% top-1";
  return {JobStatus::Finished, summary.str(), resultData()};
}

// ------------------------------------------------------------------ TrainerJob

TrainerJob::TrainerJob(Project project, TrainerOptions options) : m_impl(std::make_unique<Impl>()) {
  m_impl->project = std::move(project);
  m_impl->options = std::move(options);
  m_impl->config = m_impl->project.training;
  applyTrainingOverrides(m_impl->config, m_impl->options.recipe, m_impl->options.epochs);
  if (m_impl->options.checkpointMinutes >= 0.0) {
    const double minutes = m_impl->options.checkpointMinutes;
    if (!std::isfinite(minutes) || minutes > kMaxCheckpointMinutes) {
      std::ostringstream text;
      text << "--checkpoint-minutes: must be in [0, " << kMaxCheckpointMinutes << "] (" << minutes << ")";
      throw InputError(text.str());
    }
    m_impl->config.checkpointMinutes = minutes;
  }
  m_impl->phases = m_impl->options.phases.empty() ? recipePhases(m_impl->config) : m_impl->options.phases;
  m_impl->dir = !m_impl->options.artifactDir.empty() ? m_impl->options.artifactDir
                                                     : m_impl->project.artifactDir();
  if (m_impl->dir.empty())
    throw InputError("project: has no file yet; save it first (checkpoints go beside it, in <file>.d/)");
  // A fresh run's identity is known now (a resumed one takes it from the checkpoint),
  // so runRecord() names the run even when prepare() fails.
  // Not the id of any run folder either (a run the project file never recorded).
  std::vector<std::string> ids;
  for (const RunRecord& run : m_impl->project.results.runs) ids.push_back(run.id);
  for (const RunCheckpoint& run : listRunCheckpoints(m_impl->dir)) ids.push_back(run.status.runId);
  try {
    if (auto inForce = inForceSupernet(m_impl->dir)) ids.push_back(inForce->runId);
  } catch (const InputError&) {
  }
  std::string id = nextRunId(ids);
  for (int n = 0; fs::exists(runCheckpointFolder(m_impl->dir, id)) && n < 100000; ++n) {
    ids.push_back(id);
    id = nextRunId(ids);
  }
  m_impl->runDir = runCheckpointFolder(m_impl->dir, id);
  RunRecord& r = m_impl->history.record();
  r.id = id;
  r.recipe = m_impl->config.recipe;
  r.seed = m_impl->config.seed;
  r.started = utcTimestamp();
  r.settings = trainingConfigToJson(m_impl->config);
  r.phases = runPhases(m_impl->phases);
}

TrainerJob::~TrainerJob() = default;

void TrainerJob::prepare() { m_impl->prepare(); }
const TrainingConfig& TrainerJob::config() const { return m_impl->config; }
const std::string& TrainerJob::artifactDir() const { return m_impl->dir; }
const std::string& TrainerJob::runFolder() const { return m_impl->runDir; }
std::string TrainerJob::runId() const { return m_impl->history.id(); }
const RunRecord& TrainerJob::runRecord() const { return m_impl->history.record(); }
JobResult TrainerJob::run(JobContext& context) { return m_impl->run(context); }

}  // namespace h4h
