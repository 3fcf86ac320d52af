#include "search/search_rng.h"

#include <sstream>

namespace h4h {

std::string rngStateToString(const SearchRng& rng) {
  std::ostringstream os;
  os << rng;
  return os.str();
}

bool rngStateFromString(const std::string& text, SearchRng& rng) {
  std::istringstream is(text);
  SearchRng restored;
  is >> restored;
  if (is.fail()) return false;
  rng = restored;
  return true;
}

}  // namespace h4h
