#include "jobs/job.h"

#include <algorithm>

namespace h4h {

const char* jobStatusName(JobStatus status) {
  switch (status) {
    case JobStatus::Finished: return "finished";
    case JobStatus::Cancelled: return "cancelled";
    case JobStatus::Failed: return "failed";
  }
  return "unknown";
}

JobContext::JobContext(const CancelToken& cancel, ProgressFn onProgress, EventFn onEvent)
    : m_cancel(cancel),
      m_onProgress(std::move(onProgress)),
      m_onEvent(std::move(onEvent)),
      m_start(std::chrono::steady_clock::now()) {}

double JobContext::elapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

void JobContext::progress(double fraction, const std::string& stage, const std::string& message) {
  if (!m_onProgress) return;
  JobProgress p;
  p.fraction = std::clamp(fraction, 0.0, 1.0);
  p.stage = stage;
  p.message = message;
  p.elapsedSeconds = elapsedSeconds();
  if (p.fraction > 1e-6) p.etaSeconds = p.elapsedSeconds * (1.0 - p.fraction) / p.fraction;
  m_onProgress(p);
}

void JobContext::event(const std::string& kind, nlohmann::json data) {
  if (m_onEvent) m_onEvent(JobEvent{kind, std::move(data)});
}

JobResult Job::execute(JobContext& context) {
  try {
    return run(context);
  } catch (const JobCancelled&) {
    return {JobStatus::Cancelled, "cancelled", {}};
  } catch (const std::exception& e) {
    return {JobStatus::Failed, e.what(), {}};
  }
}

}  // namespace h4h
