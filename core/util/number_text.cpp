#include "util/number_text.h"

#include <cmath>
#include <cstdio>

namespace h4h {

std::string formatNumber(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string formatFigure(const char* format, double v) { return std::isfinite(v) ? formatNumber(format, v) : "-"; }

}  // namespace h4h
