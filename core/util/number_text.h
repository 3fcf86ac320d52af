#pragma once
/// A number as printf writes it, for text outputs (reports, CSV, progress lines).

#include <string>

namespace h4h {

/// `v` through the printf `format` (one floating-point conversion, under 64 characters).
std::string formatNumber(const char* format, double v);
/// The same, or "-" when `v` is NaN or infinite (a figure that does not exist).
std::string formatFigure(const char* format, double v);

}  // namespace h4h
