#pragma once
/// Writes a dataset's images as an image folder (`h4h data export-folder`): train/ and
/// val/ (the dataset's test split), each with one folder per class named
/// "<label>_<class name>" so that the sorted folder names give back the labels. Torch code only.

#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace h4h {

struct FolderExportOptions {
  std::string outDir;        ///< must not exist, or be an empty folder
  std::int64_t limit = 0;    ///< at most this many images per split, the first in file order; 0 = all
  std::string format = "png";  ///< "png" (lossless) or "jpeg"
  int jpegQuality = 95;
};

struct FolderExportResult {
  std::int64_t trainImages = 0, valImages = 0;
  std::vector<std::string> classFolders;
};

/// "3_dress" for label 3 "Dress" of ten classes; the label is zero-padded to the width
/// of the largest, and the name lower-cased with anything but letters and digits as "_".
std::string classFolderName(int label, const std::string& name, int classes);

/// Writes `files` as an image folder. Throws InputError naming --out or --format for bad
/// options, and the file for a write that fails.
FolderExportResult exportImageFolder(const DatasetFiles& files, const FolderExportOptions& options);

}  // namespace h4h
