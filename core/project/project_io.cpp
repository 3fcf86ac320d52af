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
#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

std::string systemError() { return std::strerror(errno); }

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
  if (!parseJson(text, doc, out.errors)) return out;
  Project p = projectFromJson(doc, out.errors);
  if (!out.errors.empty()) return out;
  p.filePath = filePath.empty() ? std::string() : fs::absolute(filePath).lexically_normal().string();
  out.project = std::move(p);
  return out;
}

ProjectLoad loadProject(const std::string& path) {
  ProjectLoad out;
  std::string text, problem;
  if (!tryReadInputFile(path, kMaxProjectFileBytes, text, problem)) {
    out.errors.add(path, problem == "is a directory, not a file"
                             ? "is a directory, not a project file"
                             : problem);
    return out;
  }
  return parseProjectText(text, path);
}

Project loadProjectOrThrow(const std::string& path) {
  ProjectLoad load = loadProject(path);
  if (!load.project) {
    throw InputError(load.errors.prefixed(path));
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
