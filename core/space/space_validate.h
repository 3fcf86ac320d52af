#pragma once
/// Validation of search spaces and archs. Every problem is reported as
/// `path.to.field: problem (value)`, naming the stage and field, so the CLI, the
/// project loader and the editors all show the same message.

#include <string>

#include "space/search_space.h"
#include "util/errors.h"

namespace h4h {

/// Bounds a space must respect (also used by the JSON reader's range checks).
constexpr int kMaxSpaceStages = 32;
constexpr int kMaxWidth = 16384;
constexpr int kMaxDepth = 64;
constexpr int kMaxKernel = 15;
constexpr int kMaxExpand = 32;
constexpr int kMaxHeads = 1024;
constexpr double kMaxMlpRatio = 64.0;
constexpr int kMaxResolution = 8192;
constexpr int kMaxInputChannels = 1024;
constexpr int kMaxClasses = 1000000;

/// Problems of values outside a field's limits, shared by validateSpace and the JSON
/// reader (which reports values beyond the range of int itself) so both quote the real
/// limits.
std::string rangeProblem(double min, double max);  ///< "must be in [min, max]"
std::string strideProblem();                       ///< "must be 1 or 2"
std::string mbDepthProblem();                      ///< [1, kMaxDepth] and why
std::string stemKernelProblem();                   ///< odd and in [1, kMaxKernel]

/// Checks a whole space: non-empty choice lists without duplicates, odd kernels,
/// strides 1|2, MBConv depths >= 1, ViT depths >= 0, heads dividing every width of
/// their stage, positive widths, MLP hidden widths >= 1, resolutions at least the
/// network's total stride, a known activation. `path` prefixes every error ("space").
void validateSpace(const SearchSpace& space, const std::string& path, ErrorList& errors);

/// Checks that `arch` is a member of `space`: one value per choice, taken from the
/// choice lists, per-layer vectors as long as the chosen depth, and the derived head
/// width consistent. Errors are prefixed with `path` ("arch").
void validateArch(const SearchSpace& space, const Arch& arch, ErrorList& errors,
                  const std::string& path = "arch");

}  // namespace h4h
