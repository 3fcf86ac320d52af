#include "space/space_validate.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "space/space_ops.h"

namespace h4h {

namespace {

std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

std::string rangeProblem(double min, double max) {
  auto text = [](double v) {
    return std::floor(v) == v && std::fabs(v) < 1e15 ? std::to_string(static_cast<long long>(v))
                                                     : num(v);
  };
  return "must be in [" + text(min) + ", " + text(max) + "]";
}
std::string strideProblem() { return "must be 1 or 2"; }
std::string mbDepthProblem() {
  return rangeProblem(1, kMaxDepth) + ": every stage has at least one MBConv layer";
}
std::string stemKernelProblem() {
  return "must be odd and " + rangeProblem(1, kMaxKernel).substr(8);  // "in [1, 15]"
}

namespace {

template <typename T>
std::string listText(const std::vector<T>& values) {
  std::string s;
  for (const auto& v : values) {
    if (!s.empty()) s += ", ";
    if constexpr (std::is_floating_point_v<T>) s += num(v);
    else s += std::to_string(v);
  }
  return s;
}

/// Checks a choice list: non-empty, every value in [min, max], no duplicates.
/// Returns false when the list is unusable for further checks.
template <typename T>
bool checkChoices(const std::vector<T>& values, const std::string& path, T min, T max,
                  ErrorList& errors, const std::string& problem = {}) {
  if (values.empty()) {
    errors.add(path, "must not be empty", "[]");
    return false;
  }
  bool ok = true;
  std::set<T> seen;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const T v = values[i];
    if (errors.full()) {  // past the reported errors: count, without building messages
      if (!(v >= min && v <= max) || !seen.insert(v).second) {
        errors.countMore();
        ok = false;
      }
      continue;
    }
    const std::string p = joinIndex(path, i);
    if (!(v >= min && v <= max)) {
      errors.add(p, problem.empty() ? h4h::rangeProblem(min, max) : problem, num(v));
      ok = false;
    } else if (!seen.insert(v).second) {
      errors.add(p, "must not repeat an earlier choice", num(v));
      ok = false;
    }
  }
  return ok;
}

void checkStride(int stride, const std::string& path, ErrorList& errors) {
  if (stride != 1 && stride != 2) errors.add(path, strideProblem(), std::to_string(stride));
}

void checkOddKernels(const std::vector<int>& kernels, const std::string& path,
                     ErrorList& errors) {
  if (!checkChoices(kernels, path, 1, kMaxKernel, errors)) return;
  for (std::size_t i = 0; i < kernels.size(); ++i)
    if (kernels[i] % 2 == 0)
      errors.add(joinIndex(path, i), "must be odd", std::to_string(kernels[i]));
}

void validateStage(const StageSpace& s, const std::string& path, ErrorList& errors) {
  checkStride(s.stride, joinPath(path, "stride"), errors);
  const bool widthsOk = checkChoices(s.widths, joinPath(path, "widths"), 1, kMaxWidth, errors);
  checkChoices(s.mbDepths, joinPath(path, "mb_depths"), 1, kMaxDepth, errors, mbDepthProblem());
  checkOddKernels(s.kernels, joinPath(path, "kernels"), errors);
  checkChoices(s.expands, joinPath(path, "expands"), 1, kMaxExpand, errors);
  if (!checkChoices(s.vitDepths, joinPath(path, "vit_depths"), 0, kMaxDepth, errors)) return;
  const int maxVit = *std::max_element(s.vitDepths.begin(), s.vitDepths.end());
  if (maxVit == 0) return;  // heads and ratios are unused
  if (checkChoices(s.heads, joinPath(path, "heads"), 1, kMaxHeads, errors) && widthsOk) {
    for (std::size_t i = 0; i < s.heads.size(); ++i) {
      for (int w : s.widths) {
        if (w % s.heads[i] != 0) {
          errors.add(joinIndex(joinPath(path, "heads"), i),
                     "must divide every width of the stage [" + listText(s.widths) + "]",
                     std::to_string(s.heads[i]));
          break;
        }
      }
    }
  }
  if (checkChoices(s.mlpRatios, joinPath(path, "mlp_ratios"), 0.0, kMaxMlpRatio, errors) &&
      widthsOk) {
    const int minWidth = *std::min_element(s.widths.begin(), s.widths.end());
    for (std::size_t i = 0; i < s.mlpRatios.size(); ++i)
      if (std::floor(s.mlpRatios[i] * minWidth + 0.5) < 1)
        errors.add(joinIndex(joinPath(path, "mlp_ratios"), i),
                   "must give an MLP hidden width >= 1 for width " + std::to_string(minWidth),
                   num(s.mlpRatios[i]));
  }
}

}  // namespace

void validateSpace(const SearchSpace& space, const std::string& path, ErrorList& errors) {
  if (space.inputChannels < 1 || space.inputChannels > kMaxInputChannels)
    errors.add(joinPath(path, "input_channels"), rangeProblem(1, kMaxInputChannels),
               std::to_string(space.inputChannels));
  if (space.classes < 2 || space.classes > kMaxClasses)
    errors.add(joinPath(path, "classes"), rangeProblem(2, kMaxClasses),
               std::to_string(space.classes));
  if (space.activation != "swish" && space.activation != "relu6")
    errors.add(joinPath(path, "activation"), "must be one of swish, relu6",
               "\"" + space.activation + "\"");

  const std::string stem = joinPath(path, "stem");
  checkChoices(space.stem.widths, joinPath(stem, "widths"), 1, kMaxWidth, errors);
  if (space.stem.kernel < 1 || space.stem.kernel > kMaxKernel || space.stem.kernel % 2 == 0)
    errors.add(joinPath(stem, "kernel"), stemKernelProblem(), std::to_string(space.stem.kernel));
  checkStride(space.stem.stride, joinPath(stem, "stride"), errors);

  const std::string stages = joinPath(path, "stages");
  if (space.stages.empty()) errors.add(stages, "must not be empty", "[]");
  if (space.stages.size() > static_cast<std::size_t>(kMaxSpaceStages))
    errors.add(stages, "must have at most " + std::to_string(kMaxSpaceStages) + " stages",
               std::to_string(space.stages.size()));
  for (std::size_t i = 0; i < space.stages.size(); ++i)
    validateStage(space.stages[i], joinIndex(stages, i), errors);

  const std::string head = joinPath(path, "head");
  if (!space.head.convWidths.empty())
    checkChoices(space.head.convWidths, joinPath(head, "conv_widths"), 1, kMaxWidth, errors);
  if (space.head.convExpand < 0 || space.head.convExpand > kMaxExpand)
    errors.add(joinPath(head, "conv_expand"), rangeProblem(0, kMaxExpand),
               std::to_string(space.head.convExpand));
  if (!space.head.featureWidths.empty())
    checkChoices(space.head.featureWidths, joinPath(head, "feature_widths"), 1, kMaxWidth,
                 errors);

  // Resolutions: every stride-2 step must see a map of at least 2 pixels.
  const int stride = space.stages.size() <= static_cast<std::size_t>(kMaxSpaceStages)
                         ? totalStride(space)
                         : 1;
  const std::string resProblem = "must be at least the network's total stride (" +
                                 std::to_string(stride) + ") and at most " +
                                 std::to_string(kMaxResolution);
  if (checkChoices(space.trainResolutions, joinPath(path, "train_resolutions"), 1,
                   kMaxResolution, errors)) {
    for (std::size_t i = 0; i < space.trainResolutions.size(); ++i)
      if (space.trainResolutions[i] < stride)
        errors.add(joinIndex(joinPath(path, "train_resolutions"), i), resProblem,
                   std::to_string(space.trainResolutions[i]));
  }
  if (space.deployResolution < stride || space.deployResolution > kMaxResolution)
    errors.add(joinPath(path, "deploy_resolution"), resProblem,
               std::to_string(space.deployResolution));
}

namespace {

template <typename T>
bool isChoice(const std::vector<T>& choices, T v) {
  return std::find(choices.begin(), choices.end(), v) != choices.end();
}

template <typename T>
void checkMember(const std::vector<T>& choices, T v, const std::string& path,
                 ErrorList& errors) {
  if (!isChoice(choices, v))
    errors.add(path, "must be one of " + listText(choices), num(v));
}

template <typename T>
void checkLayerGenes(const std::vector<T>& genes, int depth, const std::vector<T>& choices,
                     const std::string& path, const char* depthName, ErrorList& errors) {
  if (static_cast<int>(genes.size()) != depth) {
    errors.add(path, std::string("must have one entry per layer (") + depthName + " = " +
                         std::to_string(depth) + ")",
               std::to_string(genes.size()) + " entries");
    return;
  }
  for (std::size_t i = 0; i < genes.size(); ++i)
    checkMember(choices, genes[i], joinIndex(path, i), errors);
}

}  // namespace

void validateArch(const SearchSpace& space, const Arch& arch, ErrorList& errors,
                  const std::string& path) {
  checkMember(space.trainResolutions, arch.resolution, joinPath(path, "resolution"), errors);
  checkMember(space.stem.widths, arch.stemWidth, joinPath(path, "stem_width"), errors);
  const std::string stages = joinPath(path, "stages");
  if (arch.stages.size() != space.stages.size()) {
    errors.add(stages, "must have one entry per stage of the space (" +
                           std::to_string(space.stages.size()) + ")",
               std::to_string(arch.stages.size()) + " entries");
    return;
  }
  for (std::size_t i = 0; i < arch.stages.size(); ++i) {
    const StageArch& a = arch.stages[i];
    const StageSpace& s = space.stages[i];
    const std::string p = joinIndex(stages, i);
    checkMember(s.widths, a.width, joinPath(p, "width"), errors);
    const std::size_t before = errors.size();
    checkMember(s.mbDepths, a.mbDepth, joinPath(p, "mb_depth"), errors);
    if (errors.size() == before) {
      checkLayerGenes(a.kernels, a.mbDepth, s.kernels, joinPath(p, "kernels"), "mb_depth",
                      errors);
      checkLayerGenes(a.expands, a.mbDepth, s.expands, joinPath(p, "expands"), "mb_depth",
                      errors);
    }
    const std::size_t beforeVit = errors.size();
    checkMember(s.vitDepths, a.vitDepth, joinPath(p, "vit_depth"), errors);
    if (errors.size() == beforeVit) {
      checkLayerGenes(a.heads, a.vitDepth, s.heads, joinPath(p, "heads"), "vit_depth", errors);
      checkLayerGenes(a.mlpRatios, a.vitDepth, s.mlpRatios, joinPath(p, "mlp_ratios"),
                      "vit_depth", errors);
    }
  }
  const int lastWidth = arch.stages.empty() ? arch.stemWidth : arch.stages.back().width;
  checkMember(headWidthChoices(space, lastWidth), arch.headWidth, joinPath(path, "head_width"),
              errors);
  checkMember(featureWidthChoices(space), arch.featureWidth, joinPath(path, "feature_width"),
              errors);
}

}  // namespace h4h

