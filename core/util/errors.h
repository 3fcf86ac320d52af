#pragma once
/// Error reporting shared by every loader and validator in core/.
/// A problem is always reported as `path.to.field: problem (value)` so a user can
/// find the offending field in a file or an editor.

#include <stdexcept>
#include <string>
#include <vector>

namespace h4h {

/// One problem with one field of an input (file, edit, command-line option).
struct FieldError {
  std::string path;     ///< e.g. "space.stages[2].heads"
  std::string problem;  ///< e.g. "must divide every width of the stage"
  std::string value;    ///< the offending value as text; empty when there is none

  std::string str() const;
};

/// An ordered collection of FieldErrors; validators append, callers report all.
/// Only the first kMaxKept are kept in full; later ones are counted, so a file with
/// millions of bad entries gives a short report ("... and N more") at little cost.
class ErrorList {
public:
  static constexpr std::size_t kMaxKept = 50;

  void add(std::string path, std::string problem, std::string value = {});
  void append(const ErrorList& other);
  /// Counts `n` further errors without their text (for loops past full()).
  void countMore(std::size_t n = 1) { m_total += n; }
  bool empty() const { return m_total == 0; }
  /// Every error recorded, the ones only counted included.
  std::size_t size() const { return m_total; }
  /// True once kMaxKept errors are kept: loops may countMore() instead of add().
  bool full() const { return m_items.size() >= kMaxKept; }
  /// The errors kept (at most kMaxKept).
  const std::vector<FieldError>& items() const { return m_items; }
  /// Kept errors, one per line, then "... and N more" when some were only counted.
  std::string joined() const;
  /// A copy whose paths name `source` first: "(document)" and "" become `source`,
  /// other paths `source: path` (for errors of one file reported with others).
  ErrorList prefixed(const std::string& source) const;

private:
  std::vector<FieldError> m_items;
  std::size_t m_total = 0;
};

/// Thrown for bad user input (the CLI maps it to exit code 2).
class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
  explicit InputError(const ErrorList& errors);
  const ErrorList& errors() const { return m_errors; }

private:
  ErrorList m_errors;
};

/// Joins a parent path and a child key: joinPath("a", "b") == "a.b", joinPath("", "b") == "b".
std::string joinPath(const std::string& parent, const std::string& key);
/// joinIndex("a", 3) == "a[3]".
std::string joinIndex(const std::string& parent, std::size_t index);
/// Foreign text (a file's field, a JSON key) made safe to print: control bytes as
/// \xNN, cut to `max` characters with "..." when longer.
std::string clipText(const std::string& text, std::size_t max = 80);

}  // namespace h4h
