#include "project/project_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project/project_json.h"
#include "project/project_search_state.h"
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
  ProjectLoad parsed = parseProjectText(text, path);
  if (parsed.project) parsed.project->diskState = fingerprintOfText(path, text);
  return parsed;
}

Project loadProjectOrThrow(const std::string& path) {
  ProjectLoad load = loadProject(path);
  if (!load.project) {
    throw InputError(load.errors.prefixed(path));
  }
  return std::move(*load.project);
}

namespace {

std::string projectText(const Json& doc) {
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

/// Where a results path into the old side folder goes when the file moves: into the
/// new side folder when it was carried along, else to the same place as before.
class SidePathRebase {
public:
  SidePathRebase(const std::string& oldFile, const std::string& newFile, bool follows)
      : m_oldDir(fs::path(oldFile).parent_path()), m_newDir(fs::path(newFile).parent_path()),
        m_oldSide(oldFile + ".d"), m_newSide(newFile + ".d"), m_follows(follows) {}

  /// Rewrites every string of `root` that names a path inside the old side folder.
  /// Iterative: results come from files and may nest deeply.
  void apply(Json& root) const {
    std::vector<Json*> stack{&root};
    while (!stack.empty()) {
      Json* node = stack.back();
      stack.pop_back();
      if (node->is_string()) {
        apply(node->get_ref<std::string&>());
      } else if (node->is_structured()) {
        for (auto& child : *node) stack.push_back(&child);
      }
    }
  }

  /// Rewrites `value` when it names a path inside the old side folder.
  void apply(std::string& value) const {
    const std::string text = value;
    if (text.empty() || text.find('/') == std::string::npos) return;
    const fs::path p(text);
    const fs::path absolute = (p.is_absolute() ? p : m_oldDir / p).lexically_normal();
    const fs::path inside = absolute.lexically_relative(m_oldSide);
    if (inside.empty() || *inside.begin() == ".." || inside == ".") return;
    if (m_follows) {
      const fs::path moved = (m_newSide / inside).lexically_normal();
      value = p.is_absolute() ? moved.string() : moved.lexically_relative(m_newDir).string();
    } else if (!p.is_absolute()) {
      value = absolute.lexically_relative(m_newDir).string();
    }
  }

private:
  fs::path m_oldDir, m_newDir, m_oldSide, m_newSide;
  bool m_follows;
};

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& text) {
  checkFileWritable(path);
  const fs::path target(resolveWriteTarget(path));
  const fs::path dir = target.parent_path();
  struct stat original {};
  const bool exists = ::stat(target.c_str(), &original) == 0;
  std::random_device rd;
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(rd()));
  // An existing file's temp starts private and takes the original's owner and mode
  // before it is renamed over it; a new file gets the usual 0666 less the umask.
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? 0600 : 0666);
  if (fd < 0) throw std::runtime_error("cannot write " + temp.string() + ": " + systemError());
  auto fail = [&](const std::string& what) {
    const std::string why = systemError();
    ::close(fd);
    ::unlink(temp.c_str());
    throw std::runtime_error(what + " " + temp.string() + ": " + why);
  };
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (exists) {
    // Owner first (chown may clear set-id bits), then the mode. Only root may give a
    // file away; otherwise the group is kept where allowed and the writer owns it.
    if (::fchown(fd, original.st_uid, original.st_gid) != 0 &&
        ::fchown(fd, static_cast<uid_t>(-1), original.st_gid) != 0) {
      // Neither allowed: the new file belongs to the writer, as with any editor.
    }
    if (::fchmod(fd, original.st_mode & 07777) != 0) fail("cannot set the mode of");
  }
  if (::fsync(fd) != 0) fail("cannot flush");
  if (::close(fd) != 0) {
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

void saveProject(Project& project, const std::string& path, const SaveOptions& options) {
  const std::string absolute = fs::absolute(path).lexically_normal().string();
  Project copy = project;
  const std::string newDir = fs::path(absolute).parent_path().string();
  if (!project.filePath.empty() && absolute != project.filePath) {
    if (newDir != project.directory()) {
      copy.data.path = rebase(copy.data.path, project.directory(), newDir);
      copy.hardware.measuredTablePath =
          rebase(copy.hardware.measuredTablePath, project.directory(), newDir);
    }
    const SidePathRebase side(project.filePath, absolute, options.sideFolderFollows);
    for (RunRecord& run : copy.results.runs) {
      if (run.checkpoint) side.apply(*run.checkpoint);
      side.apply(run.unknown);
    }
    for (ScheduleRecord& s : copy.results.schedules) side.apply(s.unknown);
    for (StudyRecord& study : copy.results.studies) {
      side.apply(study.folder);
      side.apply(study.unknown);
    }
  }
  persistSearchState(copy, absolute);
  const Json doc = projectToJson(copy);
  const std::string text = projectText(doc);
  checkFileWritable(absolute);
  const FileLock lock = lockProjectForSave(absolute);
  if (!options.overwriteChanged && absolute == project.filePath && project.diskState.exists &&
      fileChangedSince(absolute, project.diskState))
    throw ProjectChangedOnDisk(absolute +
                               ": changed on disk since it was loaded (another program saved it); "
                               "reload it or save under another name");
  writeFileAtomically(absolute, text);
  copy.filePath = absolute;
  copy.original = doc;
  copy.diskState = fingerprintOfText(absolute, text);
  project = std::move(copy);
}

FolderCopy carrySideFolder(const std::string& fromProject, const std::string& toProject,
                           const CopyProgress& progress) {
  FolderCopy result;
  if (fromProject.empty()) return result;
  const std::string from = fs::absolute(fromProject).lexically_normal().string() + ".d";
  const std::string to = fs::absolute(toProject).lexically_normal().string() + ".d";
  if (from == to) return result;
  std::error_code ec;
  if (fs::is_directory(from, ec)) return copyFolderAtomically(from, to, progress);
  if (fs::exists(fs::symlink_status(to, ec))) {
    // Nothing to carry, but the folder there belongs to the file being replaced: its
    // checkpoints must not pass for this project's. Kept, moved aside.
    result.to = to;
    result.movedAside = moveAside(to);
  }
  return result;
}

FolderCopy saveProjectAs(Project& project, const std::string& path, const CopyProgress& progress) {
  FolderCopy carried = carrySideFolder(project.filePath, path, progress);
  SaveOptions options;
  options.sideFolderFollows = carried.copied();
  try {
    saveProject(project, path, options);
  } catch (...) {
    undoFolderCopy(carried);
    throw;
  }
  return carried;
}

void updateProjectFile(Project& project, const std::function<void(Project&)>& change) {
  if (project.filePath.empty()) throw std::runtime_error("updateProjectFile: the project has no file");
  change(project);
  persistSearchState(project, project.filePath);
  checkFileWritable(project.filePath);
  const FileLock lock = lockProjectForSave(project.filePath);
  if (!fileChangedSince(project.filePath, project.diskState)) {
    // Nobody else wrote since this copy was loaded or saved: it is the file plus this
    // change, so it is written as it is (no re-read, re-parse and re-apply).
    const std::string text = projectText(projectToJson(project));
    writeFileAtomically(project.filePath, text);
    project.diskState = fingerprintOfText(project.filePath, text);
    return;
  }
  std::error_code ec;
  if (!fs::exists(project.filePath, ec)) {
    // Deleted meanwhile: recreate it from this process's copy.
    const Json doc = projectToJson(project);
    const std::string text = projectText(doc);
    writeFileAtomically(project.filePath, text);
    project.diskState = fingerprintOfText(project.filePath, text);
    return;
  }
  ProjectLoad load = loadProject(project.filePath);
  if (!load.project) {
    std::string problems;
    for (const auto& e : load.errors.items()) problems += "\n  " + e.str();
    throw InputError(project.filePath +
                     ": cannot add this run's results: the file on disk no longer loads (changed "
                     "by another program):" + problems);
  }
  Project onDisk = std::move(*load.project);
  const bool othersWrote = !onDisk.diskState.sameContent(project.diskState);
  change(onDisk);
  persistSearchState(onDisk, onDisk.filePath);
  const Json doc = projectToJson(onDisk);
  const std::string text = projectText(doc);
  writeFileAtomically(project.filePath, text);
  // When others wrote meanwhile, this in-memory copy lacks their results: its
  // fingerprint stays the old one so that a whole-document save of it is refused.
  if (!othersWrote) project.diskState = fingerprintOfText(project.filePath, text);
}

}  // namespace h4h
