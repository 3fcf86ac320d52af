#include "data/image_set.h"

#include "data/image_files.h"

namespace h4h {

int ImageSet::channels() const {
  if (files) return files->decoding.channels;
  return images.defined() ? static_cast<int>(images.size(1)) : 0;
}

int ImageSet::resolution() const {
  if (files) return files->decoding.size;
  return images.defined() ? static_cast<int>(images.size(2)) : 0;
}

ImageSet ImageSet::select(const torch::Tensor& indices, const std::string& newName) const {
  if (files)
    return ImageSet{{}, labels.index_select(0, indices), classes, newName,
                    std::make_shared<const ImageFiles>(files->subset(indices))};
  return ImageSet{images.index_select(0, indices), labels.index_select(0, indices), classes, newName, nullptr};
}

ImageSet ImageSet::head(std::int64_t n, const std::string& newName) const {
  n = std::max<std::int64_t>(0, std::min(n, size()));
  if (files) return select(torch::arange(n, torch::kInt64), newName);
  return ImageSet{images.narrow(0, 0, n).clone(), labels.narrow(0, 0, n).clone(), classes, newName, nullptr};
}

}  // namespace h4h
