// Fuzzes --arch files: the text of an arch file read with archFromText and checked
// against the demo project's space (as resolveArchSpec does).
#include <cstddef>
#include <cstdint>
#include <string>

#include "project/project_io.h"
#include "space/arch_spec.h"
#include "space/space_validate.h"
#include "util/errors.h"

namespace {
h4h::SearchSpace g_space;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_space = h4h::loadProjectOrThrow(H4H_SOURCE_DIR "/projects/demo.h4h").space;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const h4h::Arch arch = h4h::archFromText(text, "arch.json");
    h4h::ErrorList errors;
    h4h::validateArch(g_space, arch, errors, "arch");
  } catch (const h4h::InputError&) {
  }
  return 0;
}
