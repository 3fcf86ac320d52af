#include "util/errors.h"

namespace h4h {

std::string FieldError::str() const {
  std::string s = path.empty() ? problem : path + ": " + problem;
  if (!value.empty()) s += " (" + value + ")";
  return s;
}

void ErrorList::add(std::string path, std::string problem, std::string value) {
  m_items.push_back({std::move(path), std::move(problem), std::move(value)});
}

void ErrorList::append(const ErrorList& other) {
  m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

std::string ErrorList::joined() const {
  std::string out;
  for (const auto& e : m_items) {
    if (!out.empty()) out += '\n';
    out += e.str();
  }
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

}  // namespace h4h
