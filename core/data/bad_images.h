#pragma once
/// The unreadable images a dataset skipped (data.bad_images: "skip"), shared by its splits
/// and the loader threads. A user sees them as warning lines on standard error when the
/// count reaches 1, 2, 4, 8, ... (each listing the count and the first paths), so that a
/// broken folder does not flood the terminal. Torch-free and thread-safe.

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace h4h {

class BadImageLog {
public:
  /// Records an image that could not be read; an image already recorded counts once.
  void record(const std::string& path, const std::string& problem);
  std::int64_t count() const;
  /// The first paths recorded (at most kListed), with the first one's problem.
  std::string summary() const;

  static constexpr std::size_t kListed = 3;

private:
  mutable std::mutex m_mutex;
  std::set<std::string> m_paths;
  std::vector<std::string> m_first;  ///< the first kListed paths, in the order met
  std::string m_firstProblem;
};

}  // namespace h4h
