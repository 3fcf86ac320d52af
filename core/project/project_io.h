#pragma once
/// Reading and writing project files. Loads never throw for bad content: every
/// problem comes back as `json.path: problem (value)`. Saves are atomic: a temp
/// file in the same folder is written, flushed and renamed over the target, so the
/// old file stays intact if anything fails. Saves write through symlinks, keep the
/// file's mode and owner, refuse read-only files, and never silently overwrite a file
/// another process changed since it was loaded (see project_file.h and docs/project_files.md).

#include <functional>
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

/// Thrown by a whole-document save over a file whose content changed on disk since
/// the project was loaded or saved (another process wrote results meanwhile).
class ProjectChangedOnDisk : public InputError {
public:
  using InputError::InputError;
};

struct SaveOptions {
  /// The side folder was copied along (Save As): results paths into the old side
  /// folder are re-based into the new one instead of pointing back at the old.
  bool sideFolderFollows = false;
  /// Overwrite even when the file changed on disk since it was loaded (the user said so).
  bool overwriteChanged = false;
};

/// Writes the project to `path` atomically and, on success, sets project.filePath
/// (relative paths inside, results paths into the side folder included, are re-based
/// when the file moves), project.original and project.diskState. Under the save lock;
/// when `path` is the project's own file and its content changed since it was loaded,
/// throws ProjectChangedOnDisk ("reload it or save under another name") unless
/// options.overwriteChanged. A read-only target is InputError; I/O errors are
/// std::runtime_error naming the path and the system error.
void saveProject(Project& project, const std::string& path, const SaveOptions& options = {});

/// The side folder's part of a Save As from `fromProject` to `toProject` (files):
/// copyFolderAtomically of `<from>.d` to `<to>.d` when there is one; when there is
/// none but `<to>.d` exists (it belongs to the file being replaced) it is moved aside.
/// Touches no Project, so the studio runs it on a worker thread.
FolderCopy carrySideFolder(const std::string& fromProject, const std::string& toProject,
                           const CopyProgress& progress = {});

/// Save As: copies the side folder `<file>.d/` to `<path>.d/` (copyFolderAtomically,
/// with progress and cancel) when there is one and the path differs, then saves with
/// the results re-based into the copy; when the save fails the copy is undone.
/// Returns what was copied (copied() false when there was nothing to copy).
FolderCopy saveProjectAs(Project& project, const std::string& path,
                         const CopyProgress& progress = {});

/// A result save that never loses another writer's results: under the save lock,
/// `change` is applied to `project` in memory and to the file as it is on disk now
/// (reloaded, so what other processes saved meanwhile is kept), and the file is
/// rewritten. Used by the CLI's per-generation and per-checkpoint saves. A missing
/// file is recreated from `project`; an unreadable one is InputError naming it.
void updateProjectFile(Project& project, const std::function<void(Project&)>& change);

/// Writes text to a file atomically (temp file + fsync + rename). A symlink is written
/// through (its target is replaced; the link stays), the target's mode and owner are
/// kept, a read-only target is refused (InputError), and every write, flush, close and
/// rename error (ENOSPC, EIO) is std::runtime_error naming the file.
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace h4h
