#include "data/image_set.h"

namespace h4h {

ImageSet ImageSet::select(const torch::Tensor& indices, const std::string& newName) const {
  return ImageSet{images.index_select(0, indices), labels.index_select(0, indices), classes, newName};
}

ImageSet ImageSet::head(std::int64_t n, const std::string& newName) const {
  n = std::max<std::int64_t>(0, std::min(n, size()));
  return ImageSet{images.narrow(0, 0, n).clone(), labels.narrow(0, 0, n).clone(), classes, newName};
}

}  // namespace h4h
