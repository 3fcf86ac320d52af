// Fuzzes the project loader: any bytes must give a project or an error list, never a
// crash, a sanitizer report or an exception other than InputError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "project/project_io.h"
#include "project/project_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  h4h::ProjectLoad load = h4h::parseProjectText(text, "");
  if (load.project) {
    // A loaded project must save: its JSON is written and read back without errors.
    const std::string saved = h4h::projectToJson(*load.project).dump();
    h4h::ProjectLoad again = h4h::parseProjectText(saved, "");
    if (!again.project) __builtin_trap();
  }
  return 0;
}
