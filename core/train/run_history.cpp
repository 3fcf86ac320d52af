#include "train/run_history.h"

#include <algorithm>
#include <ctime>

#include "project/project.h"

namespace h4h {

void RunHistory::appendPoint(std::int64_t step, double loss, double lr) {
  StepSeries& s = m_record.steps;
  s.step.push_back(step);
  s.loss.push_back(loss);
  s.lr.push_back(lr);
  if (s.step.size() <= static_cast<std::size_t>(kMaxStepPoints)) return;
  // Merge neighbouring pairs: halves the points, doubles the steps per point.
  const std::size_t n = s.step.size();
  std::size_t out = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2, ++out) {
    s.step[out] = s.step[i + 1];
    s.loss[out] = 0.5 * (s.loss[i] + s.loss[i + 1]);
    s.lr[out] = 0.5 * (s.lr[i] + s.lr[i + 1]);
  }
  if (n % 2 == 1) {  // the odd last point goes back into the pending bucket
    s.pending.sumLoss += s.loss[n - 1] * s.every;
    s.pending.sumLr += s.lr[n - 1] * s.every;
    s.pending.count += s.every;
  }
  s.step.resize(out);
  s.loss.resize(out);
  s.lr.resize(out);
  s.every *= 2;
}

void RunHistory::addStep(std::int64_t step, double loss, double lr) {
  StepSeries::Pending& p = m_record.steps.pending;
  p.sumLoss += loss;
  p.sumLr += lr;
  p.count += 1;
  p.step = step;
  const int count = p.count;
  if (count < m_record.steps.every) return;
  const double meanLoss = p.sumLoss / count;
  const double meanLr = p.sumLr / count;
  p.sumLoss = 0.0;
  p.sumLr = 0.0;
  p.count = 0;
  appendPoint(step, meanLoss, meanLr);
}

void RunHistory::addTraining(double seconds, std::int64_t images) {
  m_record.wallSeconds += seconds;
  m_record.images += images;
  m_record.imagesPerSecond =
      m_record.wallSeconds > 0.0 ? static_cast<double>(m_record.images) / m_record.wallSeconds : 0.0;
}

std::string nextRunId(const std::vector<std::string>& takenIds) {
  long long largest = 0;
  const std::string prefix = "train-";
  for (const std::string& id : takenIds) {
    if (id.rfind(prefix, 0) != 0) continue;
    try {
      largest = std::max(largest, std::stoll(id.substr(prefix.size())));
    } catch (const std::exception&) {
    }
  }
  return prefix + std::to_string(largest + 1);
}

std::string nextRunId(const Project& project) {
  std::vector<std::string> ids;
  for (const RunRecord& run : project.results.runs) ids.push_back(run.id);
  return nextRunId(ids);
}

void storeRunRecord(Project& project, const RunRecord& run) {
  RunRecords& runs = project.results.runs;
  for (RunRecord& existing : runs)
    if (!run.id.empty() && existing.id == run.id) {
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
