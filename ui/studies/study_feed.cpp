#include "ui/studies/study_feed.h"

namespace h4h::ui {

void StudyFeed::publish(const StudyResult& snapshot) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_pending = snapshot;
}

std::optional<StudyResult> StudyFeed::take() {
  std::optional<StudyResult> out;
  std::lock_guard<std::mutex> lock(m_mutex);
  out.swap(m_pending);
  return out;
}

}  // namespace h4h::ui
