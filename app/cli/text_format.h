#pragma once
// Number and column formatting for the commands that print tables on stdout.

#include <cstdio>
#include <string>

namespace h4h::cli {

/// One number through a printf format ("%.2f").
inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// `text` left-aligned in `width` columns (never cut).
inline std::string padded(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

/// `text` right-aligned in `width` columns (never cut).
inline std::string padLeft(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

}  // namespace h4h::cli
