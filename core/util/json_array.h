#pragma once
/// Arrays of typed records in JSON: each element read with its index in the path
/// ("results.pareto[3]"), each written with its own toJson().

#include <string>
#include <vector>

#include "util/json_fields.h"

namespace h4h {

/// Reads an array with `read(element, "path[i]", errors)` per element; records "must be
/// an array" when `json` is not one.
template <class Read>
auto readJsonArray(const Json& json, const std::string& path, ErrorList& errors, Read read) {
  std::vector<decltype(read(json, path, errors))> out;
  if (!json.is_array()) {
    errors.add(path, "must be an array", describeJson(json));
    return out;
  }
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) out.push_back(read(json[i], joinIndex(path, i), errors));
  return out;
}

/// An array of each item's toJson().
template <class T>
Json writeJsonArray(const std::vector<T>& items) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(item.toJson());
  return out;
}

}  // namespace h4h
