#include "project/project_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include "project/project_json.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxProjectBytes = 512ull << 20;

/// "line L, column C" of a byte offset, for parse errors people can find.
std::string lineColumn(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string systemError() { return std::strerror(errno); }

/// Reads a file with read(2) so that every I/O error is seen (streams hide them).
bool readWholeFile(const std::string& path, std::string& text) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      return false;
    }
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxProjectBytes) {
      ::close(fd);
      errno = EFBIG;
      return false;
    }
  }
  ::close(fd);
  return true;
}

/// Relative paths inside the project are relative to the file: when it moves to
/// another folder they must be rewritten to keep pointing at the same place.
std::string rebase(const std::string& path, const std::string& fromDir, const std::string& toDir) {
  if (path.empty() || fs::path(path).is_absolute() || fromDir.empty()) return path;
  fs::path absolute = (fs::path(fromDir) / path).lexically_normal();
  return absolute.lexically_relative(toDir).string();
}

}  // namespace

ProjectLoad parseProjectText(const std::string& text, const std::string& filePath) {
  ProjectLoad out;
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at ...".
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    out.errors.add("(document)",
                   "is not valid JSON at " + lineColumn(text, e.byte == 0 ? 0 : e.byte - 1) +
                       ": " + what);
    return out;
  }
  Project p = projectFromJson(doc, out.errors);
  if (!out.errors.empty()) return out;
  p.filePath = filePath.empty() ? std::string() : fs::absolute(filePath).lexically_normal().string();
  out.project = std::move(p);
  return out;
}

ProjectLoad loadProject(const std::string& path) {
  ProjectLoad out;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    out.errors.add(path, "no such file");
    return out;
  }
  if (fs::is_directory(st)) {
    out.errors.add(path, "is a directory, not a project file");
    return out;
  }
  if (!fs::is_regular_file(st)) {
    out.errors.add(path, "is not a regular file");
    return out;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxProjectBytes) {
    out.errors.add(path, "is too large for a project file", std::to_string(size) + " bytes");
    return out;
  }
  std::string text;
  if (!readWholeFile(path, text)) {
    out.errors.add(path, "cannot be read: " + systemError());
    return out;
  }
  return parseProjectText(text, path);
}

Project loadProjectOrThrow(const std::string& path) {
  ProjectLoad load = loadProject(path);
  if (!load.project) {
    ErrorList prefixed;
    for (const auto& e : load.errors.items()) {
      if (e.path == path) prefixed.add(e.path, e.problem, e.value);
      else prefixed.add(path + ": " + e.path, e.problem, e.value);
    }
    throw InputError(prefixed);
  }
  return std::move(*load.project);
}

void writeFileAtomically(const std::string& path, const std::string& text) {
  const fs::path target = fs::absolute(path);
  const fs::path dir = target.parent_path();
  std::random_device rd;
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(rd()));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + temp.string() + ": " + systemError());
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = systemError();
      ::close(fd);
      ::unlink(temp.c_str());
      throw std::runtime_error("cannot write " + temp.string() + ": " + why);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = systemError();
    ::unlink(temp.c_str());
    throw std::runtime_error("cannot flush " + temp.string() + ": " + why);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const std::string why = systemError();
    ::unlink(temp.c_str());
    throw std::runtime_error("cannot replace " + target.string() + ": " + why);
  }
  // Make the rename itself durable.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void saveProject(Project& project, const std::string& path) {
  const std::string absolute = fs::absolute(path).lexically_normal().string();
  Project copy = project;
  const std::string newDir = fs::path(absolute).parent_path().string();
  if (!project.filePath.empty() && newDir != project.directory()) {
    copy.data.path = rebase(copy.data.path, project.directory(), newDir);
    copy.hardware.measuredTablePath =
        rebase(copy.hardware.measuredTablePath, project.directory(), newDir);
  }
  const Json doc = projectToJson(copy);
  writeFileAtomically(absolute, doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  copy.filePath = absolute;
  copy.original = doc;
  project = std::move(copy);
}

}  // namespace h4h
