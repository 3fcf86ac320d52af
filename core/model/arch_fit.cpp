#include "model/arch_fit.h"

#include <algorithm>
#include <cmath>

namespace h4h {

namespace {

int maxOf(const std::vector<int>& v, int fallback = 0) {
  return v.empty() ? fallback : *std::max_element(v.begin(), v.end());
}

void checkRange(ErrorList& errors, const std::string& path, int value, int lo, int hi) {
  if (value < lo || value > hi)
    errors.add(path, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]",
               std::to_string(value));
}

}  // namespace

void checkArchFits(const SearchSpace& space, const Arch& arch, ErrorList& errors,
                   const std::string& path) {
  checkRange(errors, joinPath(path, "stem_width"), arch.stemWidth, 1, maxOf(space.stem.widths));
  if (arch.stages.size() != space.stages.size()) {
    errors.add(joinPath(path, "stages"),
               "must have one entry per stage of the space (" +
                   std::to_string(space.stages.size()) + ")",
               std::to_string(arch.stages.size()));
    return;
  }
  for (std::size_t i = 0; i < arch.stages.size(); ++i) {
    const StageSpace& ss = space.stages[i];
    const StageArch& sa = arch.stages[i];
    const std::string sp = joinIndex(joinPath(path, "stages"), i);
    checkRange(errors, joinPath(sp, "width"), sa.width, 1, maxOf(ss.widths));
    checkRange(errors, joinPath(sp, "mb_depth"), sa.mbDepth, 1, maxOf(ss.mbDepths, 1));
    if (sa.kernels.size() != static_cast<std::size_t>(std::max(sa.mbDepth, 0)))
      errors.add(joinPath(sp, "kernels"), "must have mb_depth entries",
                 std::to_string(sa.kernels.size()));
    if (sa.expands.size() != static_cast<std::size_t>(std::max(sa.mbDepth, 0)))
      errors.add(joinPath(sp, "expands"), "must have mb_depth entries",
                 std::to_string(sa.expands.size()));
    const int kmax = maxOf(ss.kernels, 1);
    for (std::size_t j = 0; j < sa.kernels.size(); ++j) {
      const int k = sa.kernels[j];
      if (k < 1 || k > kmax || k % 2 == 0)
        errors.add(joinIndex(joinPath(sp, "kernels"), j),
                   "must be odd and at most " + std::to_string(kmax), std::to_string(k));
    }
    for (std::size_t j = 0; j < sa.expands.size(); ++j)
      checkRange(errors, joinIndex(joinPath(sp, "expands"), j), sa.expands[j], 1,
                 maxOf(ss.expands, 1));
    checkRange(errors, joinPath(sp, "vit_depth"), sa.vitDepth, 0, maxOf(ss.vitDepths));
    if (sa.heads.size() != static_cast<std::size_t>(std::max(sa.vitDepth, 0)))
      errors.add(joinPath(sp, "heads"), "must have vit_depth entries",
                 std::to_string(sa.heads.size()));
    if (sa.mlpRatios.size() != static_cast<std::size_t>(std::max(sa.vitDepth, 0)))
      errors.add(joinPath(sp, "mlp_ratios"), "must have vit_depth entries",
                 std::to_string(sa.mlpRatios.size()));
    for (std::size_t j = 0; j < sa.heads.size(); ++j) {
      const int h = sa.heads[j];
      if (h < 1 || sa.width < 1 || sa.width % h != 0)
        errors.add(joinIndex(joinPath(sp, "heads"), j),
                   "must divide the width (" + std::to_string(sa.width) + ")",
                   std::to_string(h));
    }
    const double maxRatio =
        ss.mlpRatios.empty() ? 0.0 : *std::max_element(ss.mlpRatios.begin(), ss.mlpRatios.end());
    const int maxHidden = static_cast<int>(std::floor(maxRatio * maxOf(ss.widths) + 0.5));
    for (std::size_t j = 0; j < sa.mlpRatios.size(); ++j) {
      const int hidden = static_cast<int>(std::floor(sa.mlpRatios[j] * sa.width + 0.5));
      if (!(hidden >= 1 && hidden <= maxHidden))
        errors.add(joinIndex(joinPath(sp, "mlp_ratios"), j),
                   "gives an MLP width outside [1, " + std::to_string(maxHidden) + "]",
                   std::to_string(sa.mlpRatios[j]));
    }
  }
  const HeadSpace& head = space.head;
  const int maxLast = space.stages.empty() ? maxOf(space.stem.widths) : maxOf(space.stages.back().widths);
  const int maxHead = !head.convWidths.empty() ? maxOf(head.convWidths)
                      : head.convExpand > 0   ? head.convExpand * maxLast
                                              : 0;
  if (maxHead == 0) {
    if (arch.headWidth != 0)
      errors.add(joinPath(path, "head_width"), "must be 0: the space has no head conv",
                 std::to_string(arch.headWidth));
  } else {
    checkRange(errors, joinPath(path, "head_width"), arch.headWidth, 1, maxHead);
  }
  const int maxFeature = maxOf(head.featureWidths);
  if (maxFeature == 0) {
    if (arch.featureWidth != 0)
      errors.add(joinPath(path, "feature_width"), "must be 0: the space has no feature layer",
                 std::to_string(arch.featureWidth));
  } else {
    checkRange(errors, joinPath(path, "feature_width"), arch.featureWidth, 1, maxFeature);
  }
}

void requireArchFits(const SearchSpace& space, const Arch& arch) {
  ErrorList errors;
  checkArchFits(space, arch, errors);
  if (!errors.empty()) throw InputError(errors);
}

}  // namespace h4h
