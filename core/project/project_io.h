#pragma once
/// Reading and writing project files. Loads never throw for bad content: every
/// problem comes back as `json.path: problem (value)`. Saves are atomic: a temp
/// file in the same folder is written, flushed and renamed over the target, so the
/// old file stays intact if anything fails.

#include <optional>
#include <string>

#include "project/project.h"

namespace h4h {

struct ProjectLoad {
  std::optional<Project> project;  ///< set when the file loaded without errors
  ErrorList errors;
};

/// Reads, parses, migrates and validates a project file.
ProjectLoad loadProject(const std::string& path);

/// loadProject, throwing InputError with every problem (prefixed by the path) on failure.
Project loadProjectOrThrow(const std::string& path);

/// Parses project text (used by loadProject and by tests); `sourceName` prefixes parse errors.
ProjectLoad parseProjectText(const std::string& text, const std::string& filePath);

/// Writes the project to `path` atomically and, on success, sets project.filePath
/// (relative paths inside are re-based when the folder changes) and project.original.
/// Throws std::runtime_error naming the path and the system error on failure.
void saveProject(Project& project, const std::string& path);

/// Writes text to a file atomically (temp file + fsync + rename).
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace h4h
