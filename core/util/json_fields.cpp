#include "util/json_fields.h"

#include <climits>
#include <cmath>
#include <cstdio>

namespace h4h {

std::string describeJson(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  constexpr std::size_t kMax = 80;
  if (text.size() > kMax) text = text.substr(0, kMax - 3) + "...";
  return text;
}

namespace {
const char* typeName(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string rangeText(long double min, long double max) {
  auto fmt = [](long double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10Lg", x);
    return std::string(buf);
  };
  return "must be in [" + fmt(min) + ", " + fmt(max) + "]";
}

bool isInteger(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (v.is_number_float()) {
    double d = v.get<double>();
    return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15;
  }
  return false;
}

long long asInteger(const Json& v) {
  if (v.is_number_unsigned()) {
    auto u = v.get<unsigned long long>();
    return u > static_cast<unsigned long long>(LLONG_MAX) ? LLONG_MAX : static_cast<long long>(u);
  }
  if (v.is_number_integer()) return v.get<long long>();
  return static_cast<long long>(v.get<double>());
}
}  // namespace

JsonFields::JsonFields(const Json& object, std::string path, ErrorList& errors)
    : m_object(object), m_path(std::move(path)), m_errors(errors), m_isObject(object.is_object()) {
  if (!m_isObject)
    m_errors.add(m_path.empty() ? "(document)" : m_path,
                 std::string("must be an object, not ") + typeName(object), describeJson(object));
}

bool JsonFields::has(const std::string& key) const {
  return m_isObject && m_object.contains(key);
}

const Json* JsonFields::field(const std::string& key, Need need) {
  if (!m_isObject) return nullptr;
  auto it = m_object.find(key);
  if (it == m_object.end()) {
    if (need == Need::Required) m_errors.add(pathOf(key), "is required but missing");
    return nullptr;
  }
  return &*it;
}

const Json* JsonFields::child(const std::string& key, Need need) { return field(key, need); }

long long JsonFields::getInt(const std::string& key, long long fallback, long long min,
                             long long max, Need need, const std::string& rangeProblem) {
  const Json* v = field(key, need);
  if (!v) return fallback;
  if (!isInteger(*v)) {
    m_errors.add(pathOf(key), std::string("must be an integer, not ") + typeName(*v),
                 describeJson(*v));
    return fallback;
  }
  long long x = asInteger(*v);
  if (x < min || x > max) {
    m_errors.add(pathOf(key), rangeProblem.empty() ? rangeText(min, max) : rangeProblem,
                 describeJson(*v));
    return fallback;
  }
  return x;
}

double JsonFields::getDouble(const std::string& key, double fallback, double min, double max,
                             Need need) {
  const Json* v = field(key, need);
  if (!v) return fallback;
  if (!v->is_number()) {
    m_errors.add(pathOf(key), std::string("must be a number, not ") + typeName(*v),
                 describeJson(*v));
    return fallback;
  }
  double x = v->get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    m_errors.add(pathOf(key), rangeText(min, max), describeJson(*v));
    return fallback;
  }
  return x;
}

bool JsonFields::getBool(const std::string& key, bool fallback, Need need) {
  const Json* v = field(key, need);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    m_errors.add(pathOf(key), std::string("must be true or false, not ") + typeName(*v),
                 describeJson(*v));
    return fallback;
  }
  return v->get<bool>();
}

std::string JsonFields::getString(const std::string& key, const std::string& fallback, Need need) {
  const Json* v = field(key, need);
  if (!v) return fallback;
  if (!v->is_string()) {
    m_errors.add(pathOf(key), std::string("must be a string, not ") + typeName(*v),
                 describeJson(*v));
    return fallback;
  }
  return v->get<std::string>();
}

std::string JsonFields::getEnum(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& allowed, Need need) {
  const std::size_t before = m_errors.size();
  std::string s = getString(key, fallback, need);
  if (m_errors.size() != before || !has(key)) return s;
  for (const auto& a : allowed)
    if (a == s) return s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  m_errors.add(pathOf(key), "must be one of " + list, describeJson(s));
  return fallback;
}

std::vector<int> JsonFields::getIntList(const std::string& key, const std::vector<int>& fallback,
                                        long long min, long long max, Need need, bool nonEmpty,
                                        const std::string& rangeProblem) {
  const Json* v = field(key, need);
  if (!v) return fallback;
  if (!v->is_array()) {
    m_errors.add(pathOf(key), std::string("must be an array of integers, not ") + typeName(*v),
                 describeJson(*v));
    return fallback;
  }
  if (nonEmpty && v->empty()) {
    m_errors.add(pathOf(key), "must not be empty", "[]");
    return fallback;
  }
  std::vector<int> out;
  bool ok = true;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& e = (*v)[i];
    const bool integer = isInteger(e);
    const long long x = integer ? asInteger(e) : 0;
    if (!integer || x < min || x > max) {
      ok = false;
      if (m_errors.full()) m_errors.countMore();  // a huge bad list costs no messages
      else if (!integer)
        m_errors.add(joinIndex(pathOf(key), i),
                     std::string("must be an integer, not ") + typeName(e), describeJson(e));
      else m_errors.add(joinIndex(pathOf(key), i),
                        rangeProblem.empty() ? rangeText(min, max) : rangeProblem, describeJson(e));
      continue;
    }
    out.push_back(static_cast<int>(x));
  }
  return ok ? out : fallback;
}

std::vector<double> JsonFields::getDoubleList(const std::string& key,
                                              const std::vector<double>& fallback, double min,
                                              double max, Need need, bool nonEmpty,
                                              const std::string& rangeProblem) {
  const Json* v = field(key, need);
  if (!v) return fallback;
  if (!v->is_array()) {
    m_errors.add(pathOf(key), std::string("must be an array of numbers, not ") + typeName(*v),
                 describeJson(*v));
    return fallback;
  }
  if (nonEmpty && v->empty()) {
    m_errors.add(pathOf(key), "must not be empty", "[]");
    return fallback;
  }
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& e = (*v)[i];
    const bool number = e.is_number();
    const double x = number ? e.get<double>() : 0.0;
    if (!number || !std::isfinite(x) || x < min || x > max) {
      ok = false;
      if (m_errors.full()) m_errors.countMore();
      else if (!number)
        m_errors.add(joinIndex(pathOf(key), i), std::string("must be a number, not ") + typeName(e),
                     describeJson(e));
      else m_errors.add(joinIndex(pathOf(key), i),
                        rangeProblem.empty() ? rangeText(min, max) : rangeProblem, describeJson(e));
      continue;
    }
    out.push_back(x);
  }
  return ok ? out : fallback;
}

void addUnknownFields(Json& into, const Json& unknown) {
  for (const auto& [key, value] : unknown.items())
    if (!into.contains(key)) into[key] = value;
}

Json mergeKeepingUnknown(const Json& original, const Json& typed) {
  if (original.is_object() && typed.is_object()) {
    Json out = original;
    for (auto it = typed.begin(); it != typed.end(); ++it) {
      auto o = original.find(it.key());
      out[it.key()] = (o == original.end()) ? *it : mergeKeepingUnknown(*o, *it);
    }
    return out;
  }
  if (original.is_array() && typed.is_array() && original.size() == typed.size()) {
    Json out = Json::array();
    for (std::size_t i = 0; i < typed.size(); ++i)
      out.push_back(mergeKeepingUnknown(original[i], typed[i]));
    return out;
  }
  return typed;
}

}  // namespace h4h
