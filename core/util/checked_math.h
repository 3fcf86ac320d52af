#pragma once
/// Overflow-safe integer arithmetic for counts formed from user numbers (MACs, bytes,
/// parameters, cycles). Products of legal-looking sizes can exceed 64 bits; these
/// helpers saturate instead of wrapping, so one comparison against a limit after a
/// chain of operations tells whether any step overflowed. Header-only and branch-light:
/// the layer lowering calls them on every evaluation.

#include <cmath>
#include <cstdint>
#include <limits>

namespace h4h {

/// The largest count one layer may have (MACs, parameters, bytes, elements): 2^50
/// (about 1.1e15). Every cost the models derive from such counts (cycles at the slowest
/// configurable bandwidth, sums over thousands of layers) then still fits in 64 bits
/// and is exact in a double.
constexpr std::int64_t kMaxLayerCount = std::int64_t(1) << 50;
/// kMaxLayerCount as text for messages.
constexpr const char* kMaxLayerCountText = "2^50 (about 1.1e15)";

constexpr std::int64_t kSaturated = std::numeric_limits<std::int64_t>::max();

/// a × b for a, b >= 0; kSaturated when the product does not fit.
inline std::int64_t satMul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  return __builtin_mul_overflow(a, b, &r) ? kSaturated : r;
}

/// a × b × c × … for non-negative factors, saturating.
template <class... Rest>
inline std::int64_t satMul(std::int64_t a, std::int64_t b, std::int64_t c, Rest... rest) {
  return satMul(satMul(a, b), c, rest...);
}

/// a + b for a, b >= 0; kSaturated when the sum does not fit.
inline std::int64_t satAdd(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  return __builtin_add_overflow(a, b, &r) ? kSaturated : r;
}

/// ⌈a / b⌉ for a >= 0, b > 0, without the overflow of (a + b − 1) / b.
inline std::int64_t satCeilDiv(std::int64_t a, std::int64_t b) { return a / b + (a % b != 0); }

/// True when a += b overflowed (a is then unspecified); for sums that must fail.
inline bool addOverflows(std::int64_t& a, std::int64_t b) { return __builtin_add_overflow(a, b, &a); }

/// True when v (finite or not) converts to int64 without overflow once rounded up.
inline bool fitsInt64(double v) {
  // 2^63 is exactly representable; every double below it converts.
  return std::isfinite(v) && v < 9223372036854775808.0 && v >= -9223372036854775808.0;
}

}  // namespace h4h
