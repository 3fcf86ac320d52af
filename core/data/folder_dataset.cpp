#include "data/folder_dataset.h"

#include <memory>

#include "data/image_files.h"
#include "data/image_folder.h"
#include "util/errors.h"

namespace h4h {

namespace {

ImageSet fileSet(ImageFileList&& list, const ImageDecoding& decoding,
                 const std::shared_ptr<BadImageLog>& log, int classes, const std::string& name) {
  auto files = std::make_shared<ImageFiles>();
  files->paths = std::move(list.paths);
  files->decoding = decoding;
  files->badImages = log;
  return ImageSet{{}, torch::tensor(list.labels, torch::kInt64), classes, name, std::move(files)};
}

}  // namespace

FolderSets readFolderSets(const DataConfig& config, const ModelInput& input) {
  if (input.channels != 1 && input.channels != 3)
    throw InputError("space.input_channels: an image folder delivers 1 (grey) or 3 (colour) channels (" +
                     std::to_string(input.channels) + ")");
  const int size = config.imageSize > 0 ? config.imageSize : input.resolution;
  if (size <= 0)
    throw InputError("data.image_size: an image folder needs the side of its images; set it, or give the "
                     "space training resolutions (0)");
  const std::string problem = normalisationProblem(config, input.channels);
  if (!problem.empty()) throw InputError("data.mean: " + problem + " (" + Json(config.mean).dump() + ")");

  FolderListing listing = listImageFolder(config.path);
  ImageDecoding decoding;
  decoding.size = size;
  decoding.channels = input.channels;
  decoding.skipBad = config.badImages == "skip";
  decoding.threads = config.decodeThreads;
  const auto log = std::make_shared<BadImageLog>();
  const int classes = static_cast<int>(listing.classes.size());
  if (classes < 2)
    throw InputError("data.path: holds one class folder (\"" + listing.classes.front() +
                     "\"); classification needs at least two (" + config.path + ")");
  FolderSets out;
  out.train = fileSet(std::move(listing.train), decoding, log, classes, "folder/train");
  out.test = fileSet(std::move(listing.val), decoding, log, classes, "folder/val");
  out.hasVal = listing.hasVal;
  out.classNames = listing.classes;
  out.ignoredFiles = listing.ignoredFiles;
  return out;
}

}  // namespace h4h
