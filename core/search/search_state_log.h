#pragma once
/// A search's resumable state on disk (docs/project_files.md, "Search state"): an
/// append-only log in the project's side folder. The first record is the header (what
/// the search was made with); each later record is one SearchStep, appended and flushed
/// after every generation, so a save costs what the generation added. Every record is a
/// line `<length> <crc32> <json>`: a record cut short or damaged by a crash (kill -9,
/// power loss) fails its length or checksum and is ignored with everything after it, so
/// a reader always sees the state as of the last whole record, which resumes.

#include <cstdint>
#include <string>
#include <vector>

#include "search/search_state.h"

namespace h4h {

struct SearchStateLoad {
  SearchState state;
  std::uint64_t validBytes = 0;    ///< length of the whole records read
  std::uint64_t ignoredBytes = 0;  ///< a torn or damaged tail, not read
};

/// Reads a log. Throws InputError naming the file when it cannot be read or its header
/// record is missing or invalid; a torn tail is not an error (see ignoredBytes).
SearchStateLoad readSearchStateLog(const std::string& path);

/// An open log, appended to record by record.
class SearchStateLog {
public:
  /// Starts a new log at `path` with `header` and then `steps`: written to a temp file,
  /// flushed and renamed over `path`, so a crash leaves either the old file or the new.
  static SearchStateLog create(const std::string& path, const SearchStateHeader& header,
                               const std::vector<SearchStep>& steps = {});
  /// Opens an existing log to append after its first `validBytes` (a torn tail is cut off).
  static SearchStateLog openForAppend(const std::string& path, std::uint64_t validBytes);

  SearchStateLog(SearchStateLog&& other) noexcept;
  SearchStateLog& operator=(SearchStateLog&& other) noexcept;
  SearchStateLog(const SearchStateLog&) = delete;
  SearchStateLog& operator=(const SearchStateLog&) = delete;
  ~SearchStateLog();

  /// Appends one record and flushes it to disk (std::runtime_error naming the file on failure).
  void append(const SearchStep& step);
  const std::string& path() const { return m_path; }

private:
  SearchStateLog(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
  std::string m_path;
  int m_fd = -1;
};

/// Writes a whole state as a new log (header + one record): migration of a version-1
/// `results.search_state`, and the studio's save of a search it ran in memory.
void writeSearchStateLog(const std::string& path, const SearchState& state);

/// One framed record of a compact JSON text, as the log stores it.
std::string searchLogRecord(const std::string& payload);

}  // namespace h4h
