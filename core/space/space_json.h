#pragma once
/// JSON form of a SearchSpace (the project file's "space" section) and of an Arch.
/// Readers validate as they read and report `path.to.field: problem (value)`;
/// writers are deterministic (sorted keys, every field written).
///
/// Space:  {"input_channels", "classes", "train_resolutions", "deploy_resolution",
///          "activation", "stem": {"widths", "kernel", "stride"},
///          "stages": [{"name", "stride", "widths", "mb_depths", "kernels", "expands",
///                      "se", "vit_depths", "heads", "mlp_ratios"}],
///          "head": {"conv_widths", "conv_expand", "feature_widths"}}
/// Arch:   {"resolution", "stem_width", "stages": [{"width", "mb_depth", "kernels",
///          "expands", "vit_depth", "heads", "mlp_ratios"}], "head_width", "feature_width"}
///         or {"key": "<arch key>"}.

#include <string>

#include "space/search_space.h"
#include "util/json_fields.h"

namespace h4h {

/// Reads and validates (validateSpace) a space; the result is meaningful only when no
/// error was added.
SearchSpace spaceFromJson(const Json& j, const std::string& path, ErrorList& errors);
Json spaceToJson(const SearchSpace& space);

/// Reads an arch's structure (types, ranges, per-layer list lengths). Membership in a
/// space is checked separately by validateArch.
Arch archFromJson(const Json& j, const std::string& path, ErrorList& errors);
Json archToJson(const Arch& arch);

}  // namespace h4h
