#include "util/errors.h"

#include <cstdio>

namespace h4h {

std::string FieldError::str() const {
  std::string s = path.empty() ? problem : path + ": " + problem;
  if (!value.empty()) s += " (" + value + ")";
  return s;
}

void ErrorList::add(std::string path, std::string problem, std::string value) {
  ++m_total;
  if (m_items.size() < kMaxKept)
    m_items.push_back({std::move(path), std::move(problem), std::move(value)});
}

void ErrorList::append(const ErrorList& other) {
  for (const auto& e : other.m_items) add(e.path, e.problem, e.value);
  countMore(other.m_total - other.m_items.size());
}

std::string ErrorList::joined() const {
  std::string out;
  for (const auto& e : m_items) {
    if (!out.empty()) out += '\n';
    out += e.str();
  }
  if (m_total > m_items.size()) {
    if (!out.empty()) out += '\n';
    out += "... and " + std::to_string(m_total - m_items.size()) + " more";
  }
  return out;
}

ErrorList ErrorList::prefixed(const std::string& source) const {
  ErrorList out;
  for (const auto& e : m_items) {
    if (e.path.empty() || e.path == "(document)" || e.path == source)
      out.add(source, e.problem, e.value);
    else
      out.add(source + ": " + e.path, e.problem, e.value);
  }
  out.countMore(m_total - m_items.size());
  return out;
}

InputError::InputError(const ErrorList& errors)
    : std::runtime_error(errors.joined()), m_errors(errors) {}

std::string joinPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string joinIndex(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string clipText(const std::string& text, std::size_t max) {
  std::string out;
  for (unsigned char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace h4h
