#include "project/project_file.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace h4h {

namespace fs = std::filesystem;

namespace {

std::string systemError(int error) { return std::strerror(error); }

std::string octalMode(mode_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

/// Read-only by the mode bits (root bypasses permissions, so access(2) alone says
/// nothing when the tests or a daemon run as root) or by access(2).
bool readOnly(const std::string& path, const struct stat& st) {
  return (st.st_mode & S_IWUSR) == 0 || ::access(path.c_str(), W_OK) != 0;
}

/// Reads a file with read(2), checking every error; fills `st` from the same descriptor.
bool readFile(const std::string& path, std::string& text, struct stat& st) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  if (::fstat(fd, &st) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return false;
  }
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      return false;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

FileFingerprint fingerprintFrom(const struct stat& st, const std::string& text) {
  FileFingerprint f;
  f.exists = true;
  f.device = static_cast<std::uint64_t>(st.st_dev);
  f.inode = static_cast<std::uint64_t>(st.st_ino);
  f.size = static_cast<std::uint64_t>(text.size());
  f.mtimeNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  f.hash = contentHash(text);
  return f;
}

/// The hidden lock file beside the real target of a project file.
std::string lockPath(const std::string& projectPath, const std::string& suffix) {
  const fs::path target(resolveWriteTarget(projectPath));
  return (target.parent_path() / ("." + target.filename().string() + suffix + ".lock")).string();
}

int openLockFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0)
    throw InputError(path + ": cannot create the lock file: " + systemError(errno));
  return fd;
}

std::string utcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

std::string randomSuffix() {
  std::random_device rd;
  return std::to_string(rd());
}

void syncDirectory(const fs::path& dir) {
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

/// Copies one regular file with read/write, every error (ENOSPC included) checked.
void copyRegularFile(const fs::path& from, const fs::path& to, std::uint64_t& done,
                     std::uint64_t total, const CopyProgress& progress) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot read " + from.string() + ": " + systemError(errno));
  struct stat st {};
  ::fstat(in, &st);
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    const int saved = errno;
    ::close(in);
    throw std::runtime_error("cannot create " + to.string() + ": " + systemError(saved));
  }
  auto fail = [&](const std::string& what, int error) {
    ::close(in);
    ::close(out);
    throw std::runtime_error(what + ": " + systemError(error));
  };
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot read " + from.string(), errno);
    }
    std::size_t written = 0;
    while (written < static_cast<std::size_t>(n)) {
      const ssize_t w = ::write(out, buffer.data() + written, static_cast<std::size_t>(n) - written);
      if (w < 0) {
        if (errno == EINTR) continue;
        fail("cannot write " + to.string(), errno);
      }
      written += static_cast<std::size_t>(w);
    }
    done += static_cast<std::uint64_t>(n);
    if (progress && !progress(done, total)) {
      ::close(in);
      ::close(out);
      throw OperationCancelled("copy of " + from.parent_path().string() + " cancelled");
    }
  }
  if (::fchmod(out, st.st_mode & 07777) != 0) fail("cannot set the mode of " + to.string(), errno);
  if (::fsync(out) != 0) fail("cannot flush " + to.string(), errno);
  ::close(in);
  if (::close(out) != 0) throw std::runtime_error("cannot write " + to.string() + ": " + systemError(errno));
}

bool isTempFile(const std::string& name) {
  return name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos;
}

}  // namespace

std::uint64_t contentHash(const std::string& bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

FileFingerprint fingerprintOfText(const std::string& path, const std::string& text) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    FileFingerprint f;
    f.exists = true;
    f.size = text.size();
    f.hash = contentHash(text);
    return f;
  }
  return fingerprintFrom(st, text);
}

FileFingerprint fingerprintFile(const std::string& path) {
  std::string text;
  struct stat st {};
  if (!readFile(path, text, st)) {
    if (errno == ENOENT) return {};
    throw std::runtime_error(path + ": cannot be read: " + systemError(errno));
  }
  return fingerprintFrom(st, text);
}

bool fileChangedSince(const std::string& path, const FileFingerprint& known) {
  return !fingerprintFile(path).sameContent(known);
}

std::string resolveWriteTarget(const std::string& path) {
  fs::path p = fs::absolute(path).lexically_normal();
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) return p.string();
    p = (link.is_absolute() ? link : p.parent_path() / link).lexically_normal();
  }
  throw InputError(path + ": too many levels of symbolic links");
}

void checkFileWritable(const std::string& path) {
  const fs::path target(resolveWriteTarget(path));
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a directory, not a project file");
    if (readOnly(target.string(), st))
      throw InputError(path + ": is read-only (mode " + octalMode(st.st_mode) +
                       "); make it writable or save under another name");
  }
  const fs::path dir = target.parent_path();
  struct stat ds {};
  if (::stat(dir.c_str(), &ds) != 0)
    throw InputError(dir.string() + ": no such folder (to save " + path + ")");
  if (readOnly(dir.string(), ds))
    throw InputError(dir.string() + ": the folder is read-only (mode " + octalMode(ds.st_mode) +
                     "), so " + path + " cannot be replaced; make it writable or save elsewhere");
}

void checkProjectWritable(const std::string& projectPath) {
  checkFileWritable(projectPath);
  const std::string side = fs::absolute(projectPath).lexically_normal().string() + ".d";
  struct stat st {};
  if (::stat(side.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      throw InputError(side + ": is not a folder (the project's side folder for checkpoints)");
    if (readOnly(side, st))
      throw InputError(side + ": the side folder is read-only (mode " + octalMode(st.st_mode) +
                       "); checkpoints could not be written");
  }
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    release();
    m_fd = other.m_fd;
    other.m_fd = -1;
  }
  return *this;
}

void FileLock::release() {
  if (m_fd >= 0) {
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
    m_fd = -1;
  }
}

FileLock lockProjectForSave(const std::string& projectPath, int timeoutMs) {
  const std::string path = lockPath(projectPath, "");
  const int fd = openLockFile(path);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return FileLock(fd);
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int saved = errno;
      ::close(fd);
      throw std::runtime_error(path + ": cannot lock: " + systemError(saved));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::close(fd);
      throw std::runtime_error(projectPath + ": another process has been saving it for " +
                               std::to_string(timeoutMs / 1000) + " s (lock " + path +
                               "); try again");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

FileLock lockProjectJob(const std::string& projectPath, const std::string& job) {
  const std::string path = lockPath(projectPath, "." + job);
  const int fd = openLockFile(path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    char buf[128] = {0};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    if (saved != EWOULDBLOCK)
      throw std::runtime_error(path + ": cannot lock: " + systemError(saved));
    std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    const std::string pid = holder.substr(0, holder.find(' '));
    throw InputError(projectPath + ": another `h4h " + job + "` is running on this project (pid " +
                     (pid.empty() ? std::string("unknown") : pid) +
                     "); wait for it to finish or stop it, or work on a copy");
  }
  const std::string line = std::to_string(::getpid()) + " " + job + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, line.data(), line.size(), 0) < 0) {
    // The lock holds regardless; only the pid shown to a second taker is missing.
  }
  return FileLock(fd);
}

FolderCopy copyFolderAtomically(const std::string& fromPath, const std::string& toPath,
                                const CopyProgress& progress) {
  const fs::path from = fs::absolute(fromPath).lexically_normal();
  const fs::path to = fs::absolute(toPath).lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(from, ec)) throw std::runtime_error(from.string() + ": is not a folder");
  if (from == to) throw std::runtime_error(to.string() + ": cannot copy a folder onto itself");
  {
    const fs::path rel = to.lexically_relative(from);
    if (!rel.empty() && *rel.begin() != "..")
      throw std::runtime_error(to.string() + ": is inside " + from.string());
  }

  // First pass: what there is, and how many bytes (for progress).
  struct Entry {
    fs::path rel;
    enum Kind { Dir, File, Link } kind;
    std::uint64_t size = 0;
  };
  std::vector<Entry> entries;
  FolderCopy result;
  std::uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path rel = it->path().lexically_relative(from);
    const fs::file_status s = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_symlink(s)) {
      entries.push_back({rel, Entry::Link, 0});
    } else if (fs::is_directory(s)) {
      entries.push_back({rel, Entry::Dir, 0});
    } else if (fs::is_regular_file(s) && !isTempFile(it->path().filename().string())) {
      const std::uint64_t size = it->file_size(ec);
      if (ec) break;
      entries.push_back({rel, Entry::File, size});
      total += size;
    } else {
      ++result.skipped;
    }
  }
  if (ec) throw std::runtime_error("cannot list " + from.string() + ": " + ec.message());

  const fs::path temp = to.parent_path() / ("." + to.filename().string() + ".copy-" + randomSuffix());
  if (!fs::create_directory(temp, ec) || ec)
    throw std::runtime_error("cannot create " + temp.string() + ": " +
                             (ec ? ec.message() : std::string("it exists")));
  try {
    std::uint64_t done = 0;
    if (progress && !progress(0, total)) throw OperationCancelled("copy of " + from.string() + " cancelled");
    for (const Entry& e : entries) {
      const fs::path dest = temp / e.rel;
      if (e.kind == Entry::Dir) {
        fs::create_directory(dest, ec);
        if (ec) throw std::runtime_error("cannot create " + dest.string() + ": " + ec.message());
      } else if (e.kind == Entry::Link) {
        const fs::path target = fs::read_symlink(from / e.rel, ec);
        if (!ec) fs::create_symlink(target, dest, ec);
        if (ec) throw std::runtime_error("cannot copy the link " + (from / e.rel).string() + ": " + ec.message());
      } else {
        copyRegularFile(from / e.rel, dest, done, total, progress);
        ++result.files;
        result.bytes += e.size;
      }
    }
    // Folder modes last, deepest first, so a read-only folder did not block its contents.
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      if (it->kind != Entry::Dir) continue;
      struct stat st {};
      if (::stat((from / it->rel).c_str(), &st) == 0) ::chmod((temp / it->rel).c_str(), st.st_mode & 07777);
    }
    struct stat rootStat {};
    if (::stat(from.c_str(), &rootStat) == 0) ::chmod(temp.c_str(), rootStat.st_mode & 07777);
    syncDirectory(temp);

    if (fs::exists(fs::symlink_status(to, ec))) result.movedAside = moveAside(to.string());
    if (::rename(temp.c_str(), to.c_str()) != 0) {
      const std::string why = systemError(errno);
      if (!result.movedAside.empty()) ::rename(result.movedAside.c_str(), to.c_str());
      result.movedAside.clear();
      throw std::runtime_error("cannot rename " + temp.string() + " to " + to.string() + ": " + why);
    }
    syncDirectory(to.parent_path());
  } catch (...) {
    std::error_code ignored;
    fs::permissions(temp, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(temp, ignored);
    throw;
  }
  result.from = from.string();
  result.to = to.string();
  return result;
}

std::string moveAside(const std::string& path) {
  std::error_code ec;
  const std::string stamp = utcStamp();
  std::string aside = path + ".replaced-" + stamp;
  for (int i = 2; fs::exists(fs::symlink_status(aside, ec)); ++i)
    aside = path + ".replaced-" + stamp + "-" + std::to_string(i);
  if (::rename(path.c_str(), aside.c_str()) != 0)
    throw std::runtime_error("cannot move the existing " + path + " aside: " + systemError(errno));
  return aside;
}

void undoFolderCopy(const FolderCopy& copy) {
  std::error_code ec;
  if (copy.copied()) fs::remove_all(copy.to, ec);
  if (!copy.movedAside.empty() && !copy.to.empty()) ::rename(copy.movedAside.c_str(), copy.to.c_str());
}

}  // namespace h4h
