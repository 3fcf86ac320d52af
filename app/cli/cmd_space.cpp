// h4h space PROJECT [--sample N --seed S [--cnn-only]]: the search space's size, the
// choices of every stage and the min/max archs' MACs and params; with --sample, N
// random arch keys, one per line.

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>

#include "cli/commands.h"
#include "graph/layer_graph.h"
#include "graph/layers_csv.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"

namespace h4h::cli {

namespace {

template <typename T>
std::string choices(const std::vector<T>& values) {
  std::ostringstream os;
  os << "{";
  for (std::size_t i = 0; i < values.size(); ++i) os << (i ? "," : "") << values[i];
  os << "}";
  return os.str();
}

void printArchLine(const char* label, const SearchSpace& space, const Arch& arch) {
  const GraphTotals own = graphTotals(lowerArch(space, arch));
  std::cout << label << ": " << humanCount(own.macs) << " MACs @" << arch.resolution << " ("
            << own.macs << ")";
  if (space.fixedDeployResolution) {
    const GraphTotals dep = graphTotals(lowerArch(space, arch, LowerOptions{space.deployResolution}));
    std::cout << ", " << humanCount(dep.macs) << " MACs @" << space.deployResolution << " deployed ("
              << dep.macs << ")";
  }
  std::cout << ", " << humanCount(own.params) << " params (" << own.params << ")\n  key "
            << archKey(arch) << "\n";
}

void printSummary(const Project& project) {
  const SearchSpace& s = project.space;
  std::cout << "space of project '" << project.name << "'\n"
            << "size: " << spaceSizeExact(s) << " archs (10^" << std::fixed
            << std::setprecision(2) << log10SpaceSize(s) << ")\n";
  std::cout.unsetf(std::ios::floatfield);
  std::cout << "input " << s.inputChannels << " channels, train resolutions "
            << choices(s.trainResolutions) << ", deployed "
            << deploymentDescription(s) << ", "
            << s.classes << " classes, activation " << s.activation << "\n"
            << "stem: widths " << choices(s.stem.widths) << " k" << s.stem.kernel << " s"
            << s.stem.stride << "\n";
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const StageSpace& st = s.stages[i];
    std::cout << "s" << i << (st.name.empty() ? "" : " " + st.name) << ": stride " << st.stride
              << ", widths " << choices(st.widths) << ", mb depth " << choices(st.mbDepths)
              << " k" << choices(st.kernels) << " e" << choices(st.expands)
              << (st.se ? " se" : "") << ", vit depth " << choices(st.vitDepths);
    if (*std::max_element(st.vitDepths.begin(), st.vitDepths.end()) > 0)
      std::cout << " heads " << choices(st.heads) << " mlp " << choices(st.mlpRatios);
    std::cout << "  [" << stageSizeExact(st) << " choices]\n";
  }
  std::cout << "head: conv "
            << (s.head.convWidths.empty()
                    ? (s.head.convExpand > 0 ? std::to_string(s.head.convExpand) + "x last width"
                                             : std::string("none"))
                    : choices(s.head.convWidths))
            << ", feature "
            << (s.head.featureWidths.empty() ? std::string("none") : choices(s.head.featureWidths))
            << ", classifier " << s.classes << "\n";
  printArchLine("min", s, minArch(s));
  printArchLine("max", s, maxArch(s));
}

int runSpace(const ParsedArgs& args) {
  const Project project = loadProjectOrThrow(args.project());
  if (args.has("seed") && !args.has("sample"))
    throw InputError("--seed: only meaningful with --sample N");
  if (!args.has("sample")) {
    printSummary(project);
    return 0;
  }
  const long long n = args.intOr("sample", 1, 1, 10000000);
  const long long seed = args.intOr("seed", 1, 0, 9223372036854775807LL);
  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
  const bool cnnOnly = args.has("cnn-only");
  for (long long i = 0; i < n; ++i)
    std::cout << archKey(sampleArch(project.space, rng, cnnOnly)) << "\n";
  return 0;
}

}  // namespace

Command spaceCommand() {
  return {"space",
          "print the search space's size, per-stage choices and min/max MACs and params",
          "PROJECT [--sample N [--seed S] [--cnn-only]]",
          {{"sample", "N", "print N uniformly sampled arch keys instead, one per line"},
           {"seed", "S", "random seed for --sample (default 1)"},
           {"cnn-only", "", "sample from the CNN-only subspace (every ViT depth 0)"}},
          runSpace};
}

}  // namespace h4h::cli
