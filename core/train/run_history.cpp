#include "train/run_history.h"

#include <ctime>

#include "project/project.h"

namespace h4h {

RunHistory::RunHistory() {
  m_record = Json{{"kind", "train"},
                  {"status", "running"},
                  {"epochs", Json::array()},
                  {"wall_s", 0.0},
                  {"images", 0},
                  {"images_per_s", 0.0},
                  {"steps", Json{{"every", 1},
                                 {"step", Json::array()},
                                 {"loss", Json::array()},
                                 {"lr", Json::array()},
                                 {"pending", Json{{"sum_loss", 0.0}, {"sum_lr", 0.0},
                                                  {"count", 0}, {"step", 0}}}}}};
}

RunHistory::RunHistory(Json record) : RunHistory() {
  for (auto it = record.begin(); it != record.end(); ++it) m_record[it.key()] = it.value();
}

std::string RunHistory::id() const { return m_record.value("id", std::string()); }

void RunHistory::appendPoint(std::int64_t step, double loss, double lr) {
  Json& s = m_record["steps"];
  s["step"].push_back(step);
  s["loss"].push_back(loss);
  s["lr"].push_back(lr);
  if (s["step"].size() <= static_cast<std::size_t>(kMaxStepPoints)) return;
  // Merge neighbouring pairs: halves the points, doubles the steps per point.
  Json steps = Json::array(), losses = Json::array(), lrs = Json::array();
  const std::size_t n = s["step"].size();
  for (std::size_t i = 0; i + 1 < n; i += 2) {
    steps.push_back(s["step"][i + 1]);
    losses.push_back(0.5 * (s["loss"][i].get<double>() + s["loss"][i + 1].get<double>()));
    lrs.push_back(0.5 * (s["lr"][i].get<double>() + s["lr"][i + 1].get<double>()));
  }
  if (n % 2 == 1) {  // the odd last point goes back into the pending bucket
    Json& p = s["pending"];
    const int every = s["every"].get<int>();
    p["sum_loss"] = p["sum_loss"].get<double>() + s["loss"][n - 1].get<double>() * every;
    p["sum_lr"] = p["sum_lr"].get<double>() + s["lr"][n - 1].get<double>() * every;
    p["count"] = p["count"].get<int>() + every;
  }
  s["step"] = std::move(steps);
  s["loss"] = std::move(losses);
  s["lr"] = std::move(lrs);
  s["every"] = s["every"].get<int>() * 2;
}

void RunHistory::addStep(std::int64_t step, double loss, double lr) {
  Json& s = m_record["steps"];
  Json& p = s["pending"];
  p["sum_loss"] = p["sum_loss"].get<double>() + loss;
  p["sum_lr"] = p["sum_lr"].get<double>() + lr;
  p["count"] = p["count"].get<int>() + 1;
  p["step"] = step;
  const int count = p["count"].get<int>();
  if (count < s["every"].get<int>()) return;
  const double meanLoss = p["sum_loss"].get<double>() / count;
  const double meanLr = p["sum_lr"].get<double>() / count;
  p["sum_loss"] = 0.0;
  p["sum_lr"] = 0.0;
  p["count"] = 0;
  appendPoint(step, meanLoss, meanLr);
}

void RunHistory::addEpoch(const Json& entry) { m_record["epochs"].push_back(entry); }

void RunHistory::setStatus(const std::string& status) { m_record["status"] = status; }

void RunHistory::addTraining(double seconds, std::int64_t images) {
  const double wall = m_record["wall_s"].get<double>() + seconds;
  const std::int64_t total = m_record["images"].get<std::int64_t>() + images;
  m_record["wall_s"] = wall;
  m_record["images"] = total;
  m_record["images_per_s"] = wall > 0.0 ? static_cast<double>(total) / wall : 0.0;
}

std::string nextRunId(const Project& project) {
  long long largest = 0;
  const std::string prefix = "train-";
  for (const Json& run : project.results.runs) {
    if (!run.is_object() || !run.contains("id") || !run["id"].is_string()) continue;
    const std::string id = run["id"].get<std::string>();
    if (id.rfind(prefix, 0) != 0) continue;
    try {
      largest = std::max(largest, std::stoll(id.substr(prefix.size())));
    } catch (const std::exception&) {
    }
  }
  return prefix + std::to_string(largest + 1);
}

void storeRunRecord(Project& project, const Json& run) {
  Json& runs = project.results.runs;
  if (!runs.is_array()) runs = Json::array();
  const Json id = run.value("id", Json());
  for (Json& existing : runs)
    if (existing.is_object() && !id.is_null() && existing.value("id", Json()) == id) {
      existing = run;
      return;
    }
  runs.push_back(run);
}

std::string utcTimestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace h4h
