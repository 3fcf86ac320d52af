#include "train/train_status.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "project/project.h"
#include "project/project_io.h"
#include "space/space_json.h"
#include "train/training_config.h"
#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h {

Json trainingStatusToJson(const TrainingStatus& s) {
  return Json{{"run_id", s.runId},
              {"recipe", s.recipe},
              {"finished", s.finished},
              {"phase", s.phase},
              {"epochs_done", s.epochsDone},
              {"total_epochs", s.totalEpochs},
              {"step_in_epoch", s.stepInEpoch},
              {"min_top1", s.minTop1},
              {"max_top1", s.maxTop1},
              {"settings", s.settings},
              {"space", s.space},
              {"supernet", kSupernetFile},
              {"train_state", kTrainStateFile},
              {"updated", s.updated},
              {"run_folder", s.runFolder}};
}

TrainingStatus trainingStatusFromJson(const Json& j, const std::string& file) {
  ErrorList errors;
  JsonFields f(j, file, errors);
  TrainingStatus s;
  if (f.isObject()) {
    s.runId = f.getString("run_id", "");
    s.recipe = f.getString("recipe", "", Need::Required);
    s.finished = f.getBool("finished", false, Need::Required);
    s.phase = static_cast<int>(f.getInt("phase", 0, 0, 16));
    s.epochsDone = static_cast<int>(f.getInt("epochs_done", 0, 0, 1000000, Need::Required));
    s.totalEpochs = static_cast<int>(f.getInt("total_epochs", 0, 0, 1000000));
    s.stepInEpoch = f.getInt("step_in_epoch", 0, 0, 1LL << 50);
    s.minTop1 = f.getDouble("min_top1", -1.0, -1.0, 1.0);
    s.maxTop1 = f.getDouble("max_top1", -1.0, -1.0, 1.0);
    s.updated = f.getString("updated", "");
    s.runFolder = f.getString("run_folder", "");
    if (const Json* v = f.child("settings")) s.settings = *v;
    if (const Json* v = f.child("space")) s.space = *v;
  }
  if (!errors.empty()) throw InputError(errors);
  return s;
}

std::optional<TrainingStatus> readTrainingStatus(const std::string& artifactDir) {
  const std::string file = artifactDir + "/" + kTrainStatusFile;
  std::string text, problem;
  if (!tryReadInputFile(file, kMaxJsonSideFileBytes, text, problem)) {
    if (problem == "no such file") return std::nullopt;
    throw InputError(file + ": " + problem);
  }
  return trainingStatusFromJson(parseJsonOrThrow(text, file), file);
}

void writeTrainingStatus(const std::string& artifactDir, const TrainingStatus& status) {
  writeFileAtomically(artifactDir + "/" + kTrainStatusFile,
                      trainingStatusToJson(status).dump(2) + "\n");
}

namespace {

namespace fs = std::filesystem;

/// n of "train-<n>", -1 for other ids.
long long runNumber(const std::string& id) {
  const std::string prefix = "train-";
  if (id.rfind(prefix, 0) != 0 || id.size() == prefix.size()) return -1;
  long long n = 0;
  for (std::size_t i = prefix.size(); i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9' || n > (1LL << 50)) return -1;
    n = n * 10 + (id[i] - '0');
  }
  return n;
}

bool ownerWritable(const fs::path& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  return !ec && (st.permissions() & fs::perms::owner_write) != fs::perms::none;
}

}  // namespace

std::string runCheckpointFolder(const std::string& artifactDir, const std::string& runId) {
  return (fs::path(artifactDir) / kRunsFolder / runId).string();
}

std::optional<TrainingStatus> inForceSupernet(const std::string& artifactDir) {
  std::error_code ec;
  if (!fs::exists(fs::path(artifactDir) / kSupernetFile, ec)) return std::nullopt;
  const std::string record = (fs::path(artifactDir) / kInForceFile).string();
  std::ifstream in(record);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    Json j = Json::parse(text.str(), nullptr, false);
    if (j.is_discarded()) throw InputError(record + ": not valid JSON");
    return trainingStatusFromJson(j, record);
  }
  // Older layout: the status beside supernet.pt describes what is in it.
  if (auto legacy = readTrainingStatus(artifactDir)) return legacy;
  return TrainingStatus{};  // weights of unknown origin (copied in by hand): no run id
}

void writeInForceRecord(const std::string& artifactDir, const TrainingStatus& status) {
  writeFileAtomically((fs::path(artifactDir) / kInForceFile).string(),
                      trainingStatusToJson(status).dump(2) + "\n");
}

std::vector<RunCheckpoint> listRunCheckpoints(const std::string& artifactDir) {
  std::vector<RunCheckpoint> runs;
  std::error_code ec;
  const fs::path root = fs::path(artifactDir) / kRunsFolder;
  if (fs::is_directory(root, ec)) {
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      if (!entry.is_directory(ec)) continue;
      try {
        auto status = readTrainingStatus(entry.path().string());
        if (!status) continue;
        if (status->runId.empty()) status->runId = entry.path().filename().string();
        runs.push_back({entry.path().string(), *status, false});
      } catch (const InputError&) {
        // A half-written or foreign record: not a run this build can continue.
      }
    }
  }
  try {
    auto legacy = readTrainingStatus(artifactDir);
    const bool hasState = fs::exists(fs::path(artifactDir) / kTrainStateFile, ec);
    if (legacy && hasState &&
        std::none_of(runs.begin(), runs.end(),
                     [&](const RunCheckpoint& r) { return r.status.runId == legacy->runId; }))
      runs.push_back({artifactDir, *legacy, true});
  } catch (const InputError&) {
  }
  std::stable_sort(runs.begin(), runs.end(), [](const RunCheckpoint& a, const RunCheckpoint& b) {
    const long long na = runNumber(a.status.runId), nb = runNumber(b.status.runId);
    if (na != nb) return na < nb;
    return a.status.updated < b.status.updated;
  });
  return runs;
}

std::optional<RunCheckpoint> findRunCheckpoint(const std::string& artifactDir,
                                               const std::string& runId) {
  const std::vector<RunCheckpoint> runs = listRunCheckpoints(artifactDir);
  if (!runId.empty()) {
    for (const RunCheckpoint& r : runs)
      if (r.status.runId == runId) return r;
    return std::nullopt;
  }
  for (auto it = runs.rbegin(); it != runs.rend(); ++it)
    if (!it->status.finished) return *it;
  if (!runs.empty()) return runs.back();
  return std::nullopt;
}

void checkWritableFolder(const std::string& folder) {
  const auto fail = [&](const std::string& why) {
    throw InputError(folder + ": cannot write training checkpoints in this folder (" + why + ")");
  };
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) fail(ec.message());
  if (!fs::is_directory(folder, ec)) fail("not a folder");
  // Every folder made or written here: its own mode (root ignores it when writing).
  if (!ownerWritable(folder)) fail("the folder is read-only");
  std::random_device rd;
  const fs::path probe = fs::path(folder) / (".h4h-write-probe-" + std::to_string(rd()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) fail(std::strerror(errno));
  ::close(fd);
  if (::unlink(probe.c_str()) != 0) fail(std::string("cannot remove a file: ") + std::strerror(errno));
}

void checkReplaceableFile(const std::string& file) {
  std::error_code ec;
  if (fs::exists(file, ec) && !ownerWritable(file))
    throw InputError(file + ": read-only, and training would replace it");
}

bool trainingFinished(const Project& project) {
  if (project.filePath.empty()) return false;
  std::optional<TrainingStatus> status;
  try {
    status = inForceSupernet(project.artifactDir());
  } catch (const InputError&) {
    return false;
  }
  return status && status->finished &&
         weightShapingSettings(status->settings) ==
             weightShapingSettings(trainingConfigToJson(project.training)) &&
         status->space == spaceToJson(project.space);
}

}  // namespace h4h
