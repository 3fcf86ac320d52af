#pragma once
// The running study's latest snapshot, handed from the study's thread to the GUI's: the
// study publishes its whole result after every row (StudyJob's snapshot callback), the
// Studies tab takes the newest on its redraw timer. Only the newest is kept: a snapshot
// supersedes the ones before it, so a slow GUI skips frames instead of queueing them.

#include <mutex>
#include <optional>

#include "study/study_types.h"

namespace h4h::ui {

class StudyFeed {
public:
  /// The study's thread: replaces the pending snapshot.
  void publish(const StudyResult& snapshot);
  /// The GUI thread: the snapshot published since the last take, if any.
  std::optional<StudyResult> take();

private:
  std::mutex m_mutex;
  std::optional<StudyResult> m_pending;
};

}  // namespace h4h::ui
