#include "train/run_record.h"

#include <limits>

#include "util/json_array.h"

namespace h4h {

namespace {

constexpr double kMaxDouble = std::numeric_limits<double>::max();
constexpr long long kMaxCount = 1LL << 53;  // counts that survive a round trip through double

/// The fields of `json` that `known` (a record written with every field) does not have.
Json unknownFields(const Json& json, const Json& known) {
  Json out = Json::object();
  if (!json.is_object()) return out;
  for (const auto& [k, v] : json.items())
    if (!known.contains(k)) out[k] = v;
  return out;
}

std::vector<std::int64_t> readStepIndices(JsonFields& f, const char* key) {
  std::vector<std::int64_t> out;
  const Json* v = f.child(key);
  if (!v) return out;
  if (!v->is_array()) {
    f.errors().add(f.pathOf(key), "must be an array of step indices", describeJson(*v));
    return out;
  }
  out.reserve(v->size());
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& e = (*v)[i];
    const bool index =
        (e.is_number_integer() && e.get<std::int64_t>() >= 0) || e.is_number_unsigned();
    if (index && e.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxCount)) {
      out.push_back(e.get<std::int64_t>());
    } else if (f.errors().full()) {
      f.errors().countMore();
    } else {
      f.errors().add(joinIndex(f.pathOf(key), i), "must be a step index (an integer >= 0)",
                     describeJson(e));
    }
  }
  return out;
}

/// A field written only once the run reached it: absent stays absent.
template <class T, class Read>
std::optional<T> optionalField(JsonFields& f, const char* key, Read read) {
  if (!f.has(key)) return std::nullopt;
  return static_cast<T>(read());
}

template <class T>
void writeOptional(Json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

RunPhase phaseFromJson(const Json& json, const std::string& path, ErrorList& errors) {
  static const Json kKnown = phasePlanToJson(PhasePlan{});
  RunPhase p;
  JsonFields f(json, path, errors);
  if (!f.isObject()) return p;
  p.plan.name = f.getString("name", "");
  p.plan.cnnOnly = f.getBool("cnn_only", false);
  p.plan.freezeCnn = f.getBool("freeze_cnn", false);
  p.plan.gradProjection = f.getBool("grad_projection", false);
  p.plan.epochs = static_cast<int>(f.getInt("epochs", 1, 0, std::numeric_limits<int>::max()));
  p.unknown = unknownFields(json, kKnown);
  return p;
}

Json phaseToJson(const RunPhase& p) {
  Json j = phasePlanToJson(p.plan);
  addUnknownFields(j, p.unknown);
  return j;
}

/// Every field a record can hold, for telling the unknown ones apart.
const Json& knownRunFields() {
  static const Json kKnown = [] {
    RunRecord r;
    r.updated = r.data = r.checkpoint = "";
    r.epochsDone = 0;
    r.stepsPerEpoch = 0;
    r.threads = 0;
    r.processes = 1;
    r.minTop1 = r.maxTop1 = 0.0;
    return r.toJson();
  }();
  return kKnown;
}

}  // namespace

const std::vector<std::string>& runStatusNames() {
  static const std::vector<std::string> kNames = {"running", "finished", "cancelled", "failed"};
  return kNames;
}

const std::string& runStatusName(RunStatus status) {
  return runStatusNames()[static_cast<std::size_t>(status)];
}

// ----------------------------------------------------------------------- RunEpoch

Json RunEpoch::toJson() const {
  Json j{{"phase", phase},
         {"phase_epoch", phaseEpoch},
         {"epoch", epoch},
         {"loss", loss},
         {"sub_loss", subLoss},
         {"min_top1", minTop1},
         {"max_top1", maxTop1},
         {"min_arch", minArch},
         {"max_arch", maxArch},
         {"images_per_s", imagesPerSecond},
         {"seconds", seconds},
         {"eval_seconds", evalSeconds},
         {"lr", lr}};
  addUnknownFields(j, unknown);
  return j;
}

RunEpoch RunEpoch::fromJson(const Json& json, const std::string& path, ErrorList& errors) {
  static const Json kKnown = RunEpoch{}.toJson();
  RunEpoch e;
  JsonFields f(json, path, errors);
  if (!f.isObject()) return e;
  constexpr int kMaxEpoch = std::numeric_limits<int>::max();
  e.phase = static_cast<int>(f.getInt("phase", 1, 1, kMaxEpoch));
  e.phaseEpoch = static_cast<int>(f.getInt("phase_epoch", 1, 1, kMaxEpoch));
  e.epoch = static_cast<int>(f.getInt("epoch", 1, 1, kMaxEpoch));
  e.loss = f.getDouble("loss", 0.0, -kMaxDouble, kMaxDouble);
  e.subLoss = f.getDouble("sub_loss", 0.0, -kMaxDouble, kMaxDouble);
  e.minTop1 = f.getDouble("min_top1", 0.0, 0.0, 1.0);
  e.maxTop1 = f.getDouble("max_top1", 0.0, 0.0, 1.0);
  e.minArch = f.getString("min_arch", "");
  e.maxArch = f.getString("max_arch", "");
  e.imagesPerSecond = f.getDouble("images_per_s", 0.0, 0.0, kMaxDouble);
  e.seconds = f.getDouble("seconds", 0.0, 0.0, kMaxDouble);
  e.evalSeconds = f.getDouble("eval_seconds", 0.0, 0.0, kMaxDouble);
  e.lr = f.getDouble("lr", 0.0, 0.0, kMaxDouble);
  e.unknown = unknownFields(json, kKnown);
  return e;
}

RunEpoch RunEpoch::fromEvent(const Json& data) {
  ErrorList errors;
  RunEpoch e = fromJson(data, "train.epoch", errors);
  if (!errors.empty()) throw std::logic_error("trainer event: " + errors.joined());
  return e;
}

// --------------------------------------------------------------------- StepSeries

Json StepSeries::toJson() const {
  Json p{{"sum_loss", pending.sumLoss},
         {"sum_lr", pending.sumLr},
         {"count", pending.count},
         {"step", pending.step}};
  addUnknownFields(p, pending.unknown);
  Json j{{"every", every}, {"step", step}, {"loss", loss}, {"lr", lr}, {"pending", std::move(p)}};
  addUnknownFields(j, unknown);
  return j;
}

StepSeries StepSeries::fromJson(const Json& json, const std::string& path, ErrorList& errors) {
  static const Json kKnown = [] {
    const StepSeries empty;
    return empty.toJson();
  }();
  StepSeries s;
  JsonFields f(json, path, errors);
  if (!f.isObject()) return s;
  s.every = static_cast<int>(f.getInt("every", 1, 1, 1 << 30));
  const std::size_t errorsBefore = errors.size();
  s.step = readStepIndices(f, "step");
  s.loss = f.getDoubleList("loss", {}, -kMaxDouble, kMaxDouble, Need::Optional, false);
  s.lr = f.getDoubleList("lr", {}, 0.0, kMaxDouble, Need::Optional, false);
  // Parallel series: a point is (step[i], loss[i], lr[i]).
  if (errors.size() == errorsBefore)
    for (const auto& [key, size] : {std::pair<const char*, std::size_t>{"loss", s.loss.size()},
                                    std::pair<const char*, std::size_t>{"lr", s.lr.size()}})
      if (size != s.step.size())
        errors.add(f.pathOf(key),
                   "must have one value per point of " + f.pathOf("step") + " (" +
                       std::to_string(s.step.size()) + ")",
                   std::to_string(size) + " values");
  if (const Json* p = f.child("pending")) {
    JsonFields pf(*p, f.pathOf("pending"), errors);
    if (pf.isObject()) {
      s.pending.sumLoss = pf.getDouble("sum_loss", 0.0, -kMaxDouble, kMaxDouble);
      s.pending.sumLr = pf.getDouble("sum_lr", 0.0, 0.0, kMaxDouble);
      s.pending.count = static_cast<int>(pf.getInt("count", 0, 0, 1 << 30));
      s.pending.step = pf.getInt("step", 0, 0, kMaxCount);
      s.pending.unknown = unknownFields(*p, kKnown["pending"]);
    }
  }
  s.unknown = unknownFields(json, kKnown);
  return s;
}

// ---------------------------------------------------------------------- RunRecord

int RunRecord::plannedEpochs() const {
  int total = 0;
  for (const RunPhase& p : phases) total += p.plan.epochs;
  return total;
}

Json RunRecord::toJson() const {
  Json phasesJson = Json::array();
  for (const RunPhase& p : phases) phasesJson.push_back(phaseToJson(p));
  Json j{{"id", id},
         {"kind", kind},
         {"recipe", recipe},
         {"seed", seed},
         {"status", runStatusName(status)},
         {"started", started},
         {"settings", settings},
         {"phases", std::move(phasesJson)},
         {"wall_s", wallSeconds},
         {"images", images},
         {"images_per_s", imagesPerSecond},
         {"epochs", writeJsonArray(epochs)},
         {"steps", steps.toJson()}};
  writeOptional(j, "updated", updated);
  writeOptional(j, "data", data);
  writeOptional(j, "checkpoint", checkpoint);
  writeOptional(j, "epochs_done", epochsDone);
  writeOptional(j, "steps_per_epoch", stepsPerEpoch);
  writeOptional(j, "threads", threads);
  writeOptional(j, "processes", processes);
  writeOptional(j, "min_top1", minTop1);
  writeOptional(j, "max_top1", maxTop1);
  addUnknownFields(j, unknown);
  return j;
}

RunRecord RunRecord::fromJson(const Json& json, const std::string& path, ErrorList& errors) {
  RunRecord r;
  JsonFields f(json, path, errors);
  if (!f.isObject()) return r;
  r.id = f.getString("id", "", Need::Required);
  r.kind = f.getString("kind", r.kind);
  r.recipe = f.getString("recipe", "");
  r.seed = static_cast<std::uint64_t>(f.getInt("seed", 0, 0, kMaxCount));
  const std::string status = f.getEnum("status", "running", runStatusNames());
  for (std::size_t i = 0; i < runStatusNames().size(); ++i)
    if (runStatusNames()[i] == status) r.status = static_cast<RunStatus>(i);
  r.started = f.getString("started", "");
  r.updated = optionalField<std::string>(f, "updated", [&] { return f.getString("updated", ""); });
  if (const Json* s = f.child("settings")) {
    if (s->is_object())
      r.settings = *s;
    else
      errors.add(f.pathOf("settings"), "must be an object", describeJson(*s));
  }
  r.data = optionalField<std::string>(f, "data", [&] { return f.getString("data", ""); });
  if (const Json* p = f.child("phases"))
    r.phases = readJsonArray(*p, f.pathOf("phases"), errors, phaseFromJson);
  r.checkpoint =
      optionalField<std::string>(f, "checkpoint", [&] { return f.getString("checkpoint", ""); });
  r.wallSeconds = f.getDouble("wall_s", 0.0, 0.0, kMaxDouble);
  r.images = f.getInt("images", 0, 0, kMaxCount);
  r.imagesPerSecond = f.getDouble("images_per_s", 0.0, 0.0, kMaxDouble);
  constexpr int kMaxInt = std::numeric_limits<int>::max();
  r.epochsDone =
      optionalField<int>(f, "epochs_done", [&] { return f.getInt("epochs_done", 0, 0, kMaxInt); });
  r.stepsPerEpoch = optionalField<std::int64_t>(
      f, "steps_per_epoch", [&] { return f.getInt("steps_per_epoch", 0, 0, kMaxCount); });
  r.threads = optionalField<int>(f, "threads", [&] { return f.getInt("threads", 0, 0, kMaxInt); });
  r.processes = optionalField<int>(f, "processes", [&] { return f.getInt("processes", 0, 1, kMaxInt); });
  r.minTop1 =
      optionalField<double>(f, "min_top1", [&] { return f.getDouble("min_top1", 0.0, 0.0, 1.0); });
  r.maxTop1 =
      optionalField<double>(f, "max_top1", [&] { return f.getDouble("max_top1", 0.0, 0.0, 1.0); });
  if (const Json* e = f.child("epochs"))
    r.epochs = readJsonArray(*e, f.pathOf("epochs"), errors, &RunEpoch::fromJson);
  if (const Json* s = f.child("steps"))
    r.steps = StepSeries::fromJson(*s, f.pathOf("steps"), errors);
  r.unknown = unknownFields(json, knownRunFields());
  return r;
}

Json runRecordsToJson(const RunRecords& runs) {
  return writeJsonArray(runs);
}

RunRecords runRecordsFromJson(const Json& json, const std::string& path, ErrorList& errors) {
  return readJsonArray(json, path, errors, &RunRecord::fromJson);
}

RunRecord runRecordFromFile(const Json& json, const std::string& file, const std::string& path) {
  ErrorList errors;
  RunRecord record = RunRecord::fromJson(json, path, errors);
  if (!errors.empty()) throw InputError(errors.prefixed(file));
  return record;
}

}  // namespace h4h
