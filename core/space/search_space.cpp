#include "space/search_space.h"

namespace h4h {

bool StageArch::operator==(const StageArch& o) const {
  return width == o.width && mbDepth == o.mbDepth && kernels == o.kernels &&
         expands == o.expands && vitDepth == o.vitDepth && heads == o.heads &&
         mlpRatios == o.mlpRatios;
}

bool Arch::operator==(const Arch& o) const {
  return resolution == o.resolution && stemWidth == o.stemWidth && stages == o.stages &&
         headWidth == o.headWidth && featureWidth == o.featureWidth;
}

}  // namespace h4h
