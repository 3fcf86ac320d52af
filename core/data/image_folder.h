#pragma once
/// The layout of an image-folder dataset (`data.dataset: "folder"`): either a root with
/// `train/` and `val/`, each holding one folder per class, or a root holding the class
/// folders alone. Classes are the sorted names of the training class folders; images
/// are the files named .jpg, .jpeg or .png (any case) anywhere below a class folder,
/// in sorted path order. Torch-free: this only lists files.

#include <cstdint>
#include <string>
#include <vector>

namespace h4h {

/// Image files with their class indices, in sorted order.
struct ImageFileList {
  std::vector<std::string> paths;
  std::vector<std::int64_t> labels;
};

struct FolderListing {
  std::vector<std::string> classes;  ///< sorted class folder names
  ImageFileList train;               ///< `train/` or the root's class folders
  ImageFileList val;                 ///< `val/`; empty for a single root
  bool hasVal = false;               ///< the root has train/ and val/
  std::int64_t ignoredFiles = 0;     ///< files below class folders that are not images
};

/// Lists the dataset at `root`. Throws InputError naming data.path and what was found
/// when the root is missing, holds no class folders, a class folder holds no images, a
/// `val/` class is not a training class, or only one of train/ and val/ exists.
FolderListing listImageFolder(const std::string& root);

}  // namespace h4h
