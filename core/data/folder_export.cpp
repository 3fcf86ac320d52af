#include "data/folder_export.h"

#include <cctype>
#include <filesystem>
#include <fstream>

#include "data/image_codec.h"
#include "util/errors.h"

namespace h4h {

namespace {

namespace fs = std::filesystem;

std::string zeroPadded(std::int64_t value, std::int64_t largest) {
  std::string text = std::to_string(value);
  const std::size_t width = std::to_string(largest).size();
  return std::string(width > text.size() ? width - text.size() : 0, '0') + text;
}

Image8 imageAt(const torch::Tensor& images, std::int64_t i) {
  const auto hwc = images[i].permute({1, 2, 0}).contiguous();
  Image8 image;
  image.channels = static_cast<int>(hwc.size(2));
  image.height = static_cast<int>(hwc.size(0));
  image.width = static_cast<int>(hwc.size(1));
  image.pixels.assign(hwc.data_ptr<std::uint8_t>(), hwc.data_ptr<std::uint8_t>() + hwc.numel());
  return image;
}

void writeFile(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) throw InputError(path.string() + ": cannot be written");
}

std::int64_t writeSplit(const ImageSet& set, const fs::path& folder, const std::vector<std::string>& classFolders,
                        const FolderExportOptions& options) {
  const std::int64_t count = options.limit > 0 ? std::min(options.limit, set.size()) : set.size();
  for (const std::string& name : classFolders) {
    std::error_code ec;
    fs::create_directories(folder / name, ec);
    if (ec) throw InputError("--out: cannot create " + (folder / name).string() + " (" + ec.message() + ")");
  }
  const bool png = options.format == "png";
  const auto* labels = set.labels.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < count; ++i) {
    const Image8 image = imageAt(set.images, i);
    const fs::path file = folder / classFolders[static_cast<std::size_t>(labels[i])] /
                          (zeroPadded(i, set.size() - 1) + (png ? ".png" : ".jpg"));
    writeFile(file, png ? encodePng(image) : encodeJpeg(image, options.jpegQuality));
  }
  return count;
}

}  // namespace

std::string classFolderName(int label, const std::string& name, int classes) {
  std::string out = zeroPadded(label, classes - 1) + "_";
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    out += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '_';
  }
  return out;
}

FolderExportResult exportImageFolder(const DatasetFiles& files, const FolderExportOptions& options) {
  if (options.format != "png" && options.format != "jpeg")
    throw InputError("--format: must be png or jpeg (" + options.format + ")");
  if (options.outDir.empty()) throw InputError("--out: missing (the folder to write)");
  const fs::path out(options.outDir);
  std::error_code ec;
  if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
    throw InputError("--out: exists and is not an empty folder; choose another (" + options.outDir + ")");
  FolderExportResult result;
  for (std::size_t c = 0; c < files.classNames.size(); ++c)
    result.classFolders.push_back(
        classFolderName(static_cast<int>(c), files.classNames[c], static_cast<int>(files.classNames.size())));
  result.trainImages = writeSplit(files.train, out / "train", result.classFolders, options);
  result.valImages = writeSplit(files.test, out / "val", result.classFolders, options);
  return result;
}

}  // namespace h4h
