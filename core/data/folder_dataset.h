#pragma once
/// An image folder (data.dataset "folder") as file-backed ImageSets: the listing of
/// image_folder.h with the decoding the project asks for. Torch code only.

#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace h4h {

struct FolderSets {
  ImageSet train;  ///< every training image (before the validation hold-out)
  ImageSet test;   ///< val/; empty (size 0) for a folder without train/ and val/
  bool hasVal = false;
  std::vector<std::string> classNames;
  std::int64_t ignoredFiles = 0;
};

/// Lists config.path and sets up decoding at data.image_size (or input.resolution) with
/// input.channels. Throws InputError for a bad layout or settings that cannot work.
FolderSets readFolderSets(const DataConfig& config, const ModelInput& input);

}  // namespace h4h
