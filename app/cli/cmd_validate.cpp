// h4h validate PROJECT: load and check every field of a project file.

#include <iostream>

#include "cli/commands.h"
#include "project/project_io.h"

namespace h4h::cli {

namespace {

int runValidate(const ParsedArgs& args) {
  const std::string& path = args.project();
  ProjectLoad load = loadProject(path);
  if (!load.project) {
    std::cerr << path << ": " << load.errors.size()
              << (load.errors.size() == 1 ? " problem" : " problems") << "\n";
    for (const auto& e : load.errors.items()) std::cerr << "  " << e.str() << "\n";
    if (load.errors.size() > load.errors.items().size())
      std::cerr << "  ... and " << load.errors.size() - load.errors.items().size() << " more\n";
    return 2;
  }
  const Project& p = *load.project;
  if (!args.has("quiet"))
    std::cout << path << ": valid project '" << p.name << "' (" << p.space.stages.size()
              << " stages, recipe " << p.training.recipe << ", "
              << p.results.runs.size() << " training runs, " << p.results.pareto.size()
              << " Pareto archs)\n";
  return 0;
}

}  // namespace

Command validateCommand() {
  return {"validate", "check a project file; list every problem with its field", "PROJECT", {},
          runValidate};
}

}  // namespace h4h::cli
