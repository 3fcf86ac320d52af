#pragma once
/// The contract of every long operation (training, search, batch profiling):
/// a Job runs on whatever thread calls run(), reports progress and structured
/// events through a JobContext, and stops early when the context's cancel token is set.
/// It knows nothing of Qt; the UI wraps it in a worker, the CLI prints a progress bar.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace h4h {

/// Set from any thread (GUI button, SIGINT handler); read by the job.
class CancelToken {
public:
  void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
  void reset() { m_cancelled.store(false, std::memory_order_relaxed); }

private:
  std::atomic<bool> m_cancelled{false};
};

/// Where a job stands; fraction is of the whole job, in [0, 1].
struct JobProgress {
  double fraction = 0.0;
  std::string stage;      ///< e.g. "phase 1", "generation 3/20"
  std::string message;    ///< e.g. "loss 0.412, 812 img/s"
  double elapsedSeconds = 0.0;
  double etaSeconds = -1.0;  ///< negative when unknown
};

/// A structured result along the way: kind names the schema of data
/// (e.g. "train.step", "train.epoch", "search.generation").
struct JobEvent {
  std::string kind;
  nlohmann::json data;
};

enum class JobStatus { Finished, Cancelled, Failed };
const char* jobStatusName(JobStatus status);

struct JobResult {
  JobStatus status = JobStatus::Finished;
  std::string message;   ///< why it failed or was cancelled; a summary when finished
  nlohmann::json data;   ///< the job's final result
};

/// Thrown by JobContext::throwIfCancelled(); Job::execute turns it into Cancelled.
class JobCancelled : public std::exception {
public:
  const char* what() const noexcept override { return "cancelled"; }
};

/// What a running job talks to. Callbacks run on the job's thread.
class JobContext {
public:
  using ProgressFn = std::function<void(const JobProgress&)>;
  using EventFn = std::function<void(const JobEvent&)>;

  JobContext(const CancelToken& cancel, ProgressFn onProgress = {}, EventFn onEvent = {});

  bool cancelled() const { return m_cancel.cancelled(); }
  /// The token, for a nested job that runs under this one's context (RunJob's stages).
  const CancelToken& cancelToken() const { return m_cancel; }
  void throwIfCancelled() const {
    if (cancelled()) throw JobCancelled();
  }
  /// Reports progress; the ETA is derived from the elapsed time and the fraction.
  void progress(double fraction, const std::string& stage, const std::string& message = {});
  void event(const std::string& kind, nlohmann::json data);
  double elapsedSeconds() const;

private:
  const CancelToken& m_cancel;
  ProgressFn m_onProgress;
  EventFn m_onEvent;
  std::chrono::steady_clock::time_point m_start;
};

/// A long operation. Subclasses implement run(); callers use execute(), which maps
/// cancellation and exceptions to a JobResult so that no exception escapes a worker thread.
class Job {
public:
  virtual ~Job() = default;
  virtual std::string name() const = 0;
  JobResult execute(JobContext& context);

protected:
  virtual JobResult run(JobContext& context) = 0;
};

/// A job made from a function, for small tasks and tests.
class FunctionJob : public Job {
public:
  using Fn = std::function<JobResult(JobContext&)>;
  FunctionJob(std::string name, Fn fn) : m_name(std::move(name)), m_fn(std::move(fn)) {}
  std::string name() const override { return m_name; }

protected:
  JobResult run(JobContext& context) override { return m_fn(context); }

private:
  std::string m_name;
  Fn m_fn;
};

}  // namespace h4h
