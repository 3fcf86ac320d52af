#pragma once
/// Typed, validating reads of JSON objects. Every problem is recorded in an ErrorList
/// with the field's full path, so loaders report all errors at once instead of
/// stopping at the first.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "util/errors.h"

namespace h4h {

using Json = nlohmann::json;

/// Whether a field must be present.
enum class Need { Optional, Required };

/// A JSON value as short text for error messages (invalid UTF-8 replaced, long values cut).
std::string describeJson(const Json& value);

/// Reads fields of one JSON object. Reads of absent optional fields return the
/// fallback; wrong types, out-of-range values and missing required fields are recorded.
class JsonFields {
public:
  JsonFields(const Json& object, std::string path, ErrorList& errors);

  /// False when the value given to the constructor was not an object.
  bool isObject() const { return m_isObject; }
  const std::string& path() const { return m_path; }
  std::string pathOf(const std::string& key) const { return joinPath(m_path, key); }
  ErrorList& errors() { return m_errors; }
  bool has(const std::string& key) const;
  /// The raw child, or nullptr when absent (records an error when required).
  const Json* child(const std::string& key, Need need = Need::Optional);

  /// `rangeProblem`, when given, replaces "must be in [min, max]" for values outside: a
  /// reader whose bounds only keep values representable names the real limits with it.
  long long getInt(const std::string& key, long long fallback, long long min, long long max,
                   Need need = Need::Optional, const std::string& rangeProblem = {});
  double getDouble(const std::string& key, double fallback, double min, double max,
                   Need need = Need::Optional);
  bool getBool(const std::string& key, bool fallback, Need need = Need::Optional);
  std::string getString(const std::string& key, const std::string& fallback,
                        Need need = Need::Optional);
  /// A string that must be one of `allowed`.
  std::string getEnum(const std::string& key, const std::string& fallback,
                      const std::vector<std::string>& allowed, Need need = Need::Optional);
  /// A list of integers in [min, max]; `nonEmpty` rejects [].
  std::vector<int> getIntList(const std::string& key, const std::vector<int>& fallback,
                              long long min, long long max, Need need = Need::Optional,
                              bool nonEmpty = true, const std::string& rangeProblem = {});
  std::vector<double> getDoubleList(const std::string& key, const std::vector<double>& fallback,
                                    double min, double max, Need need = Need::Optional,
                                    bool nonEmpty = true, const std::string& rangeProblem = {});

private:
  const Json* field(const std::string& key, Need need);

  const Json& m_object;
  std::string m_path;
  ErrorList& m_errors;
  bool m_isObject;
};

/// Writes `typed` over `original`, keeping fields of `original` that `typed` does not
/// know (objects merge key by key, equal-length arrays of objects element by element).
/// Used so that unknown fields in a file survive a load/save round trip.
Json mergeKeepingUnknown(const Json& original, const Json& typed);

/// Adds to the object `into` the fields of `unknown` (a typed record's fields it did not
/// recognise when read) that `into` does not already hold.
void addUnknownFields(Json& into, const Json& unknown);

}  // namespace h4h
