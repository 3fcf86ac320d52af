#pragma once
/// The search's random source: a seeded std::mt19937_64 with portable draws
/// (std:: distributions differ between standard libraries, these do not), so a
/// seed gives the same run on every platform. The state is saved as text for resume.

#include <cstdint>
#include <random>
#include <string>

namespace h4h {

using SearchRng = std::mt19937_64;

/// Uniform in [0, 1) with 53 random bits.
inline double uniform01(SearchRng& rng) {
  return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

/// Uniform integer in [0, n); n must be > 0.
inline std::size_t uniformIndex(SearchRng& rng, std::size_t n) {
  return static_cast<std::size_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

/// True with probability p.
inline bool bernoulli(SearchRng& rng, double p) { return uniform01(rng) < p; }

/// The generator's full state as text, and back (false when the text is not a state).
std::string rngStateToString(const SearchRng& rng);
bool rngStateFromString(const std::string& text, SearchRng& rng);

}  // namespace h4h
