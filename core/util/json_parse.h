#pragma once
/// The one reader of JSON that users give us (project files, arch files, presets,
/// training status). Unlike Json::parse it never builds a document deeper than
/// kMaxJsonDepth (checked while parsing, so nothing later recurses over a hostile
/// nesting), reports a key given twice in one object, and reports a number outside
/// the range of a double with its path instead of throwing.

#include <cstddef>
#include <string>
#include <string_view>

#include "util/errors.h"
#include "util/json_fields.h"

namespace h4h {

/// Deepest nesting of arrays and objects accepted in any JSON input.
constexpr std::size_t kMaxJsonDepth = 256;

/// Parses one JSON document into `out`. Problems are added to `errors` with paths
/// relative to the document ("space.stages[1].widths"; "(document)" for the document
/// as a whole, with one "line L, column C" for syntax errors). Returns false on any
/// problem; `out` is then unspecified.
bool parseJson(std::string_view text, Json& out, ErrorList& errors);

/// parseJson that throws InputError with every path prefixed by `source` (a file name).
Json parseJsonOrThrow(std::string_view text, const std::string& source);

}  // namespace h4h
