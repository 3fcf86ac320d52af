#include "util/file_read.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errors.h"

namespace h4h {

namespace {

const char* fileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

class Fd {
public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
};

}  // namespace

std::string byteSizeText(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0)
    return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0)
    return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

bool tryReadInputFile(const std::string& path, std::uint64_t maxBytes, std::string& out,
                      std::string& problem) {
  out.clear();
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) problem = "no such file";
    else problem = std::string("cannot be read: ") + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    problem = std::string("cannot be read: ") + std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    problem = "is a directory, not a file";
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    problem = std::string("is not a regular file (") + fileKind(st.st_mode) + ")";
    return false;
  }
  const std::string limit =
      "is larger than the " + byteSizeText(maxBytes) + " limit for this input";
  if (static_cast<std::uint64_t>(st.st_size) > maxBytes) {
    problem = limit + " (" + std::to_string(st.st_size) + " bytes)";
    return false;
  }
  out.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      problem = std::string("cannot be read: ") + std::strerror(errno);
      out.clear();
      return false;
    }
    if (out.size() + static_cast<std::size_t>(n) > maxBytes) {  // the file grew while read
      problem = limit;
      out.clear();
      return false;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

std::string readInputFile(const std::string& path, std::uint64_t maxBytes) {
  std::string out, problem;
  if (!tryReadInputFile(path, maxBytes, out, problem)) throw InputError(path + ": " + problem);
  return out;
}

}  // namespace h4h
