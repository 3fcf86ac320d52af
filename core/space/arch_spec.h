#pragma once
/// What every `--arch` option accepts: "max", "min", an arch key, or the path of a
/// JSON file holding an arch (an arch object, {"arch": {...}}, {"key": "..."} or a
/// JSON string with a key).

#include <string>

#include "space/search_space.h"

namespace h4h {

/// Resolves and validates an arch spec against `space`; throws InputError naming the
/// problem (malformed key with position, unreadable file, field not in the space).
Arch resolveArchSpec(const SearchSpace& space, const std::string& spec);

/// The arch in the text of an --arch file (not yet checked against a space); throws
/// InputError naming `source`. resolveArchSpec reads files through it.
Arch archFromText(const std::string& text, const std::string& source);

}  // namespace h4h
