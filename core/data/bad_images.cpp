#include "data/bad_images.h"

#include <iostream>

namespace h4h {

void BadImageLog::record(const std::string& path, const std::string& problem) {
  std::string line;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_paths.insert(path).second) return;
    if (m_first.size() < kListed) m_first.push_back(path);
    if (m_firstProblem.empty()) m_firstProblem = problem;
    const std::size_t n = m_paths.size();
    if ((n & (n - 1)) != 0) return;  // report at powers of two only
  }
  std::cerr << "h4h: warning: data.bad_images is \"skip\": " + summary() + "\n" << std::flush;
}

std::int64_t BadImageLog::count() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return static_cast<std::int64_t>(m_paths.size());
}

std::string BadImageLog::summary() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_paths.empty()) return "no unreadable images skipped";
  std::string out = "skipped " + std::to_string(m_paths.size()) + " unreadable image" +
                    (m_paths.size() == 1 ? "" : "s") + " so far: " + m_firstProblem;
  for (std::size_t i = 1; i < m_first.size(); ++i) out += "; " + m_first[i];
  if (m_paths.size() > m_first.size()) out += "; ...";
  return out;
}

}  // namespace h4h
