#include "study/tpi_work.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "data/data_config.h"
#include "project/project_file.h"
#include "project/project_io.h"
#include "space/space_json.h"
#include "train/training_config.h"
#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStateFile = "state.json";
constexpr const char* kStateFormat = "h4h-tpi-work";

/// JSON has no NaN: not-applicable values are stored as null.
Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }
double numberOf(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : std::nan("");
}
Json numbers(const std::vector<double>& values) {
  Json out = Json::array();
  for (double v : values) out.push_back(number(v));
  return out;
}
std::vector<double> numbersOf(const Json& object, const char* key) {
  std::vector<double> out;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const Json& v : *it) out.push_back(v.is_number() ? v.get<double>() : std::nan(""));
  return out;
}

Json budgetJson(const TpiBudget& b) {
  return Json{{"name", b.name},
              {"phase1_epochs", b.phase1Epochs},
              {"phase2_epochs", b.phase2Epochs},
              {"steps_per_epoch", b.stepsPerEpoch},
              {"epoch_eval_batches", b.epochEvalBatches},
              {"extreme_eval_batches", b.extremeEvalBatches},
              {"random_subnets", b.randomSubnets},
              {"random_eval_batches", b.randomEvalBatches},
              {"calibration_batches", b.calibrationBatches},
              {"grad_projection", b.gradProjection}};
}

}  // namespace

Json TpiUnitResult::toJson() const {
  return Json{{"id", id},
              {"seed", seed},
              {"recipe", recipe},
              {"max_net", number(maxNet)},
              {"cnn_min", number(cnnMin)},
              {"hybrid_min", number(hybridMin)},
              {"random_mean", number(randomMean)},
              {"random", numbers(random)},
              {"epoch_max", numbers(epochMax)},
              {"epoch_min", numbers(epochMin)},
              {"started_from", startedFrom},
              {"train_seconds", trainSeconds},
              {"measure_seconds", measureSeconds},
              {"images_per_s", imagesPerSecond}};
}

TpiUnitResult TpiUnitResult::fromJson(const Json& value, const std::string& path, ErrorList& errors) {
  TpiUnitResult r;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return r;
  r.id = f.getString("id", "", Need::Required);
  r.seed = static_cast<std::uint64_t>(f.getInt("seed", 0, 0, 1LL << 53, Need::Required));
  r.recipe = f.getString("recipe", "", Need::Required);
  r.maxNet = numberOf(value, "max_net");
  r.cnnMin = numberOf(value, "cnn_min");
  r.hybridMin = numberOf(value, "hybrid_min");
  r.randomMean = numberOf(value, "random_mean");
  r.random = numbersOf(value, "random");
  r.epochMax = numbersOf(value, "epoch_max");
  r.epochMin = numbersOf(value, "epoch_min");
  r.startedFrom = f.getString("started_from", "");
  r.trainSeconds = f.getDouble("train_seconds", 0.0, 0.0, 1e12);
  r.measureSeconds = f.getDouble("measure_seconds", 0.0, 0.0, 1e12);
  r.imagesPerSecond = f.getDouble("images_per_s", 0.0, 0.0, 1e12);
  return r;
}

Json tpiDesignJson(const Project& project, const TpiBudget& budget) {
  Json data = dataConfigToJson(project.data);
  data.erase("path");  // where the files are is not what they hold
  data.erase("prefetch");
  data.erase("decode_threads");
  data.erase("seed");  // set per unit
  Json training = weightShapingSettings(trainingConfigToJson(project.training));
  for (const char* perUnit : {"recipe", "epochs", "phase1_epochs", "phase2_epochs", "seed"}) training.erase(perUnit);
  return Json{{"space", spaceToJson(project.space)}, {"data", data}, {"training", training},
              {"budget", budgetJson(budget)}};
}

TpiWorkFolder::TpiWorkFolder(const Project& project, const TpiBudget& budget) {
  const std::string root = project.artifactDir();
  if (root.empty()) throw InputError("project: has no file yet; save it first (the study trains beside it)");
  m_design = tpiDesignJson(project, budget);
  char hex[20];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(contentHash(m_design.dump())));
  m_path = (fs::path(root) / "study-work" / ("tpi-" + std::string(hex))).string();
  std::error_code ec;
  fs::create_directories(m_path, ec);
  if (ec) throw InputError(m_path + ": cannot create the study's work folder (" + ec.message() + ")");
  const std::string state = (fs::path(m_path) / kStateFile).string();
  if (!fs::exists(state)) {
    save();
    return;
  }
  try {
    const Json j = parseJsonOrThrow(readInputFile(state, kMaxJsonSideFileBytes), state);
    ErrorList errors;
    JsonFields f(j, "", errors);
    if (f.getString("format", "", Need::Required) != kStateFormat)
      throw InputError(state + ": not a tpi study state (format \"" + std::string(kStateFormat) + "\" expected)");
    if (const Json* units = f.child("units"); units && units->is_object())
      for (const auto& [id, value] : units->items()) {
        TpiUnitResult r = TpiUnitResult::fromJson(value, "units." + id, errors);
        if (r.id == id) m_units[id] = std::move(r);
      }
    if (!errors.empty()) throw InputError(errors.prefixed(state));
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) + " (delete the folder " + m_path + " to train the study's supernets over)");
  }
}

std::string TpiWorkFolder::unitFolder(const TpiUnit& unit) const { return (fs::path(m_path) / unit.id()).string(); }

const TpiUnitResult* TpiWorkFolder::finished(const std::string& id) const {
  const auto it = m_units.find(id);
  return it == m_units.end() ? nullptr : &it->second;
}

void TpiWorkFolder::store(const TpiUnitResult& result) {
  m_units[result.id] = result;
  save();
}

void TpiWorkFolder::save() const {
  Json units = Json::object();
  for (const auto& [id, r] : m_units) units[id] = r.toJson();
  const Json state{{"format", kStateFormat}, {"design", m_design}, {"units", units}};
  writeFileAtomically((fs::path(m_path) / kStateFile).string(), state.dump(1) + "\n");
}

}  // namespace h4h
