#pragma once
// Ctrl-C cancels the running job cleanly: the first SIGINT sets the cancel token
// (the job checkpoints and returns), a second one ends the process at once.

#include "jobs/job.h"

namespace h4h::cli {

/// Installs the SIGINT/SIGTERM handler for the lifetime of the guard.
class InterruptGuard {
public:
  explicit InterruptGuard(CancelToken& token);
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

}  // namespace h4h::cli
