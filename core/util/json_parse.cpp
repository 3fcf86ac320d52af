#include "util/json_parse.h"

#include <utility>
#include <vector>

namespace h4h {

namespace {

/// Builds the document from nlohmann's SAX events, with a depth limit, duplicate-key
/// checks and the path of the value being read, for messages.
class DomBuilder {
public:
  DomBuilder(Json& root, ErrorList& errors) : m_root(root), m_errors(errors) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
  bool number_float(Json::number_float_t v, const std::string&) { return put(Json(v)); }
  bool string(std::string& v) { return put(Json(std::move(v))); }
  bool binary(Json::binary_t& v) { return put(Json::binary(std::move(v))); }

  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& k) {
    Json& object = *m_stack.back();
    m_keys.back() = std::move(k);
    if (object.contains(m_keys.back())) {
      if (m_errors.full()) m_errors.countMore();  // no path built for errors not shown
      else m_errors.add(pathOfNext(), "key given twice in one object");
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string& lastToken,
                   const nlohmann::detail::exception& ex) {
    if (ex.id == 406) {  // a number beyond the range of a double, e.g. 1e400
      m_errors.add(pathOfNext(), "number out of range", clipText(lastToken, 40));
      return false;
    }
    // what(): "[json.exception.parse_error.101] parse error at line 1, column 5: syntax
    // error while parsing value - ...": keep one "line, column" and the reason.
    std::string what = ex.what();
    if (auto at = what.find(" at line "); at != std::string::npos) what = what.substr(at + 4);
    else if (auto bracket = what.find("] "); bracket != std::string::npos)
      what = what.substr(bracket + 2);
    m_errors.add("(document)", "is not valid JSON at " + clipText(what, 200));
    return false;
  }

private:
  bool put(Json&& value) {
    if (m_stack.empty()) {
      m_root = std::move(value);
      return true;
    }
    Json& top = *m_stack.back();
    if (top.is_array()) top.push_back(std::move(value));
    else top[m_keys.back()] = std::move(value);
    return true;
  }

  bool open(Json&& container) {
    if (m_stack.size() >= kMaxJsonDepth) {
      m_errors.add(pathOfNext(),
                   "nests arrays and objects deeper than " + std::to_string(kMaxJsonDepth) +
                       " levels (the limit for JSON input)");
      return false;
    }
    Json* slot;
    if (m_stack.empty()) {
      m_root = std::move(container);
      slot = &m_root;
    } else if (m_stack.back()->is_array()) {
      m_stack.back()->push_back(std::move(container));
      slot = &m_stack.back()->back();
    } else {
      slot = &((*m_stack.back())[m_keys.back()] = std::move(container));
    }
    m_stack.push_back(slot);
    m_keys.emplace_back();
    return true;
  }

  bool close() {
    m_stack.pop_back();
    m_keys.pop_back();
    return true;
  }

  /// The path of the value about to be read, for a message: keys cut to 40 characters,
  /// the whole cut to about 200.
  std::string pathOfNext() const {
    constexpr std::size_t kMaxPath = 200;
    std::string path;
    for (std::size_t i = 0; i < m_stack.size(); ++i) {
      const Json& c = *m_stack[i];
      const bool last = i + 1 == m_stack.size();
      if (c.is_object()) path = joinPath(path, clipText(m_keys[i], 40));
      else path = joinIndex(path, last ? c.size() : c.size() - 1);
      if (path.size() > kMaxPath) {
        path = path.substr(0, kMaxPath) + "...";
        break;
      }
    }
    return path.empty() ? "(document)" : path;
  }

  Json& m_root;
  ErrorList& m_errors;
  std::vector<Json*> m_stack;      // open containers, outermost first
  std::vector<std::string> m_keys;  // per open container: the last key read (objects)
};

}  // namespace

bool parseJson(std::string_view text, Json& out, ErrorList& errors) {
  const std::size_t before = errors.size();
  out = Json();
  DomBuilder builder(out, errors);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &builder);
  if (!ok && errors.size() == before) errors.add("(document)", "is not valid JSON");
  return ok && errors.size() == before;
}

Json parseJsonOrThrow(std::string_view text, const std::string& source) {
  Json out;
  ErrorList errors;
  if (!parseJson(text, out, errors)) throw InputError(errors.prefixed(source));
  return out;
}

}  // namespace h4h
