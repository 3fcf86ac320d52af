#include "train/train_status.h"

#include <fstream>
#include <sstream>

#include "project/project.h"
#include "project/project_io.h"
#include "space/space_json.h"
#include "train/run_history.h"
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
              {"updated", s.updated}};
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

bool trainingFinished(const Project& project) {
  if (project.filePath.empty()) return false;
  std::optional<TrainingStatus> status;
  try {
    status = readTrainingStatus(project.artifactDir());
  } catch (const InputError&) {
    return false;
  }
  return status && status->finished && status->settings == trainingConfigToJson(project.training) &&
         status->space == spaceToJson(project.space);
}

}  // namespace h4h
