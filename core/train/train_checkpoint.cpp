#include "train/train_checkpoint.h"

#include <mutex>
#include <sstream>

#include "project/project_io.h"
#include "util/errors.h"

namespace h4h {

namespace {

Json positionToJson(const TrainPosition& p) {
  return Json{{"phase", p.phase},
              {"epoch_in_phase", p.epochInPhase},
              {"epochs_done", p.epochsDone},
              {"step_in_epoch", p.stepInEpoch},
              {"global_step", p.globalStep},
              {"finished", p.finished}};
}

TrainPosition positionFromJson(const Json& j, const std::string& file) {
  ErrorList errors;
  JsonFields f(j, file + ": meta.position", errors);
  TrainPosition p;
  p.phase = static_cast<int>(f.getInt("phase", 0, 0, 16, Need::Required));
  p.epochInPhase = static_cast<int>(f.getInt("epoch_in_phase", 0, 0, 1000000, Need::Required));
  p.epochsDone = static_cast<int>(f.getInt("epochs_done", 0, 0, 1000000, Need::Required));
  p.stepInEpoch = f.getInt("step_in_epoch", 0, 0, 1LL << 50, Need::Required);
  p.globalStep = f.getInt("global_step", 0, 0, 1LL << 50, Need::Required);
  p.finished = f.getBool("finished", false, Need::Required);
  if (!errors.empty()) throw InputError(errors);
  return p;
}

}  // namespace

void saveTrainState(const std::string& path, Supernet& net, const SgdOptimizer& optimizer,
                    const TrainState& state) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive model, opt;
  net->save(model);
  optimizer.save(opt);
  archive.write("model", model);
  archive.write("optimizer", opt);
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  torch::Tensor rngState;
  {
    std::lock_guard<std::mutex> outer(torchRngMutex());
    std::lock_guard<std::mutex> lock(generator.mutex());
    rngState = generator.get_state();
  }
  archive.write("torch_rng", rngState, true);
  const Json meta{{"format", "h4h-train-state"},
                  {"version", kTrainStateVersion},
                  {"position", positionToJson(state.position)},
                  {"rng", state.rng},
                  {"settings", state.settings},
                  {"space", state.space},
                  {"history", state.history.toJson()},
                  {"epoch_accumulator", state.epochAccumulator}};
  archive.write("meta", c10::IValue(meta.dump()));
  std::ostringstream bytes;
  archive.save_to(bytes);
  writeFileAtomically(path, bytes.str());
}

TrainState loadTrainState(const std::string& path, Supernet& net, SgdOptimizer& optimizer) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path, net->device());
  } catch (const c10::Error& e) {
    throw InputError(path + ": cannot read a training checkpoint (" + e.what_without_backtrace() + ")");
  }
  c10::IValue metaValue;
  if (!archive.try_read("meta", metaValue) || !metaValue.isString())
    throw InputError(path + ": not a training checkpoint (no meta record)");
  const Json meta = Json::parse(metaValue.toStringRef(), nullptr, false);
  if (meta.is_discarded() || !meta.is_object() || meta.value("format", "") != "h4h-train-state")
    throw InputError(path + ": not a training checkpoint (bad meta record)");
  const int version = meta.value("version", 0);
  if (version > kTrainStateVersion)
    throw InputError(path + ": written by a newer version (train state version " +
                     std::to_string(version) + ", this build reads up to " +
                     std::to_string(kTrainStateVersion) + ")");
  TrainState state;
  state.position = positionFromJson(meta.value("position", Json()), path);
  state.rng = meta.value("rng", std::string());
  state.settings = meta.value("settings", Json());
  state.space = meta.value("space", Json());
  if (const auto h = meta.find("history"); h != meta.end()) state.history = runRecordFromFile(*h, path, "history");
  state.epochAccumulator = meta.value("epoch_accumulator", Json::object());

  torch::serialize::InputArchive model, opt;
  archive.read("model", model);
  try {
    net->load(model);
  } catch (const c10::Error& e) {
    throw InputError(path + ": checkpoint does not match the project's search space (" +
                     std::string(e.what_without_backtrace()) + ")");
  }
  archive.read("optimizer", opt);
  try {
    optimizer.load(opt);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  torch::Tensor rngState;
  archive.read("torch_rng", rngState, true);
  at::Generator generator = at::detail::getDefaultCPUGenerator();  // shares the default's state
  {
    std::lock_guard<std::mutex> outer(torchRngMutex());
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(rngState);
  }
  return state;
}

void saveSupernetWeights(const std::string& path, Supernet& net) {
  std::ostringstream bytes;
  torch::save(net, bytes);
  writeFileAtomically(path, bytes.str());
}

}  // namespace h4h
