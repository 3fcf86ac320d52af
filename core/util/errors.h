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
class ErrorList {
public:
  void add(std::string path, std::string problem, std::string value = {});
  void append(const ErrorList& other);
  bool empty() const { return m_items.empty(); }
  std::size_t size() const { return m_items.size(); }
  const std::vector<FieldError>& items() const { return m_items; }
  /// All errors, one per line.
  std::string joined() const;

private:
  std::vector<FieldError> m_items;
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

}  // namespace h4h
