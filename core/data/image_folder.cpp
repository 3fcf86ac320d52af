#include "data/image_folder.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "data/image_codec.h"
#include "util/errors.h"

namespace h4h {

namespace {

namespace fs = std::filesystem;

bool isDirectory(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

/// The names of the sub-folders of `folder`, sorted.
std::vector<std::string> subfolders(const fs::path& folder) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (isDirectory(it->path())) out.push_back(it->path().filename().string());
  if (ec) throw InputError("data.path: cannot list " + folder.string() + " (" + ec.message() + ")");
  std::sort(out.begin(), out.end());
  return out;
}

/// Adds the images below `classFolder` (recursively; symbolic links to folders are not
/// followed, so a link cycle cannot trap the scan) with `label`; returns how many.
std::int64_t addImages(const fs::path& classFolder, std::int64_t label, ImageFileList& list,
                       std::int64_t& ignored) {
  std::vector<std::string> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(classFolder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code typeError;
    if (!fs::is_regular_file(it->path(), typeError)) continue;
    if (isImageFileName(it->path().filename().string()))
      found.push_back(it->path().string());
    else
      ++ignored;
  }
  if (ec) throw InputError("data.path: cannot list " + classFolder.string() + " (" + ec.message() + ")");
  std::sort(found.begin(), found.end());
  for (std::string& p : found) {
    list.paths.push_back(std::move(p));
    list.labels.push_back(label);
  }
  return static_cast<std::int64_t>(found.size());
}

void requireImages(std::int64_t count, const fs::path& classFolder) {
  if (count == 0)
    throw InputError("data.path: the class folder " + classFolder.string() +
                     " holds no images (expected .jpg, .jpeg or .png files)");
}

}  // namespace

FolderListing listImageFolder(const std::string& root) {
  const fs::path base(root);
  if (!isDirectory(base))
    throw InputError("data.path: not a folder (expected a folder of class folders, or of train/ and val/) (" +
                     root + ")");
  FolderListing out;
  const bool hasTrain = isDirectory(base / "train"), hasVal = isDirectory(base / "val");
  if (hasTrain != hasVal)
    throw InputError("data.path: holds " + std::string(hasTrain ? "train/ but no val/" : "val/ but no train/") +
                     " (expected both, each with one folder per class, or class folders alone) (" + root + ")");
  out.hasVal = hasTrain;
  const fs::path trainRoot = hasTrain ? base / "train" : base;
  out.classes = subfolders(trainRoot);
  if (out.classes.empty())
    throw InputError("data.path: " + trainRoot.string() +
                     " holds no class folders (expected one folder of images per class" +
                     (hasTrain ? ")" : ", or train/ and val/ holding such folders)") + " (" + root + ")");
  for (std::size_t c = 0; c < out.classes.size(); ++c)
    requireImages(addImages(trainRoot / out.classes[c], static_cast<std::int64_t>(c), out.train, out.ignoredFiles),
                  trainRoot / out.classes[c]);
  if (!hasVal) return out;

  std::map<std::string, std::int64_t> labelOf;
  for (std::size_t c = 0; c < out.classes.size(); ++c) labelOf[out.classes[c]] = static_cast<std::int64_t>(c);
  const std::vector<std::string> valClasses = subfolders(base / "val");
  if (valClasses.empty())
    throw InputError("data.path: " + (base / "val").string() +
                     " holds no class folders (expected the classes of train/) (" + root + ")");
  for (const std::string& name : valClasses) {
    const auto it = labelOf.find(name);
    if (it == labelOf.end())
      throw InputError("data.path: val/ has the class folder \"" + name + "\", which train/ lacks (" + root + ")");
    requireImages(addImages(base / "val" / name, it->second, out.val, out.ignoredFiles), base / "val" / name);
  }
  return out;
}

}  // namespace h4h
