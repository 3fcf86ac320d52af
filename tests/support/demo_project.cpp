#include "support/demo_project.h"

#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "support/test_paths.h"

namespace h4h::test {

Project demoWithSelection(bool largest) {
  Project p = loadProjectOrThrow(projectPath("demo.h4h"));
  p.results.selected = archKey(largest ? maxArch(p.space) : minArch(p.space));
  return p;
}

}  // namespace h4h::test
