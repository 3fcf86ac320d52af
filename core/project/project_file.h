#pragma once
/// A project file as a thing on disk that several processes (the studio, `h4h search`,
/// `h4h train`) may touch at once: what the file was when it was read (to notice other
/// writers), advisory locks beside it (one save at a time, one job of each kind per
/// project), writability checks before long jobs, writes that keep symlinks, mode and
/// owner, and copying the side folder `<file>.d/` when a project is saved elsewhere.
/// Locks are flock(2) on hidden files beside the file's real target
/// (`.<name>.lock`, `.<name>.<job>.lock`); they are released when the holder exits,
/// however it exits, and are never deleted (deleting a lock file races with takers).

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "util/errors.h"

namespace h4h {

/// Identity and content of a file at one moment. Whether the file changed is judged
/// by its content (size and hash): an identical rewrite is not a change, while the
/// device, inode and mtime say which file it was.
struct FileFingerprint {
  bool exists = false;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtimeNs = 0;
  std::uint64_t hash = 0;  ///< FNV-1a 64 of the bytes

  bool sameContent(const FileFingerprint& o) const {
    return exists == o.exists && size == o.size && hash == o.hash;
  }
};

/// FNV-1a 64 of some bytes.
std::uint64_t contentHash(const std::string& bytes);
/// The fingerprint of `path` (symlinks followed) whose bytes are `text`, as just read or written.
FileFingerprint fingerprintOfText(const std::string& path, const std::string& text);
/// Reads `path` now; exists = false when there is no such file. Throws
/// std::runtime_error naming the file when it exists but cannot be read.
FileFingerprint fingerprintFile(const std::string& path);
/// True when the content of `path` differs from `known` (a file that appeared or vanished counts).
bool fileChangedSince(const std::string& path, const FileFingerprint& known);

/// The file a write to `path` must replace: `path` with every symlink followed, so that
/// the link stays a link and its target receives the data.
std::string resolveWriteTarget(const std::string& path);

/// Throws InputError (`path: is read-only ...`) when `path` exists and cannot be
/// replaced, or its folder cannot take the temp file. Read-only is judged by
/// access(2) and by the owner-write mode bit, so that it holds for root too.
void checkFileWritable(const std::string& path);

/// Before a long job: the project file, its folder and (when present) its side folder
/// must be writable; otherwise InputError naming which one (exit 2), not hours later.
void checkProjectWritable(const std::string& projectPath);

/// An exclusive flock(2) on a lock file, released by the destructor or when the process ends.
class FileLock {
public:
  FileLock() = default;
  explicit FileLock(int fd) : m_fd(fd) {}
  FileLock(FileLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock() { release(); }

  bool held() const { return m_fd >= 0; }
  void release();

private:
  int m_fd = -1;
};

/// The lock for one read-modify-write of a project file, waited for up to `timeoutMs`
/// (saves hold it for milliseconds); std::runtime_error naming the file on timeout.
FileLock lockProjectForSave(const std::string& projectPath, int timeoutMs = 60000);

/// The lock of a long job (`job` = "search", "train") on a project, held for the job's
/// life. When another process holds it: InputError naming the project, the job and
/// that process's pid (exit 2).
FileLock lockProjectJob(const std::string& projectPath, const std::string& job);

/// Thrown when a progress callback asks to stop.
class OperationCancelled : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Progress of a copy: bytes copied so far and in all; return false to cancel.
using CopyProgress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

/// What copyFolderAtomically did.
struct FolderCopy {
  std::string from;        ///< the folder copied ("" = nothing was copied)
  std::string to;          ///< the new folder, or the place a stale folder was moved from
  std::string movedAside;  ///< where a folder already at `to` was moved ("" = none was there)
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t skipped = 0;  ///< entries that are neither files, folders nor symlinks, and temp files

  bool copied() const { return !from.empty(); }
};

/// Copies folder `from` recursively to `to`. The copy is made in a hidden temp folder
/// beside `to` and renamed into place only when complete, so an error or a cancel
/// leaves no half-copied folder. A folder already at `to` is not merged into nor
/// deleted: it is moved aside to `<to>.replaced-<UTC time>` and named in the result.
/// Files keep their mode; symlinks are copied as links; FIFOs, sockets, devices and
/// half-written `.<name>.tmp-*` files are skipped. Throws std::runtime_error naming
/// the file on failure, OperationCancelled when `progress` returns false.
FolderCopy copyFolderAtomically(const std::string& from, const std::string& to,
                                const CopyProgress& progress = {});

/// Moves the file or folder at `path` aside to `<path>.replaced-<UTC time>[-n]` and
/// returns that name; std::runtime_error naming it when it cannot be moved.
std::string moveAside(const std::string& path);

/// Undoes a copy that is no longer wanted: removes the copy and moves `movedAside` back.
void undoFolderCopy(const FolderCopy& copy);

}  // namespace h4h
