// Fuzzes the search-space reader and validation: a JSON document (a space, or a project
// whose "space" is used) read with spaceFromJson; a valid space must give valid
// smallest and largest archs whose keys parse back.
#include <cstddef>
#include <cstdint>
#include <string>

#include "space/arch_key.h"
#include "space/space_json.h"
#include "space/space_ops.h"
#include "space/space_validate.h"
#include "util/json_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace h4h;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Json doc;
  ErrorList errors;
  if (!parseJson(text, doc, errors)) return 0;
  const Json& spaceJson = doc.is_object() && doc.contains("space") ? doc["space"] : doc;
  const SearchSpace space = spaceFromJson(spaceJson, "space", errors);
  if (!errors.empty()) return 0;
  for (const Arch& a : {maxArch(space), minArch(space)}) {
    ErrorList archErrors;
    validateArch(space, a, archErrors, "arch");
    if (!archErrors.empty()) __builtin_trap();
    try {
      if (!(parseArchKey(archKey(a)) == a)) __builtin_trap();
    } catch (const InputError&) {
      __builtin_trap();
    }
  }
  return 0;
}
