#include "space/arch_key.h"

#include <cstdio>
#include <cstdlib>

#include "util/errors.h"

namespace h4h {

std::string canonicalNumber(double value) {
  char buf[400];
  for (int prec = 0; prec <= 340; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*f", prec, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

std::string archKey(const Arch& a) {
  std::string k = "r" + std::to_string(a.resolution) + "_s" + std::to_string(a.stemWidth);
  for (const StageArch& s : a.stages) {
    k += "_w" + std::to_string(s.width) + ":";
    for (std::size_t i = 0; i < s.kernels.size(); ++i) {
      if (i) k += ',';
      k += "k" + std::to_string(s.kernels[i]) + "e" +
           std::to_string(i < s.expands.size() ? s.expands[i] : 0);
    }
    for (std::size_t i = 0; i < s.heads.size(); ++i) {
      k += i ? "," : "/";
      k += "h" + std::to_string(s.heads[i]) + "m" +
           canonicalNumber(i < s.mlpRatios.size() ? s.mlpRatios[i] : 0.0);
    }
  }
  k += "_c" + std::to_string(a.headWidth) + "_f" + std::to_string(a.featureWidth);
  return k;
}

namespace {

class KeyParser {
public:
  explicit KeyParser(const std::string& text) : m_text(text) {}

  Arch parse() {
    Arch a;
    expect('r');
    a.resolution = integer();
    expect('_');
    expect('s');
    a.stemWidth = integer();
    expect('_');
    while (peek() == 'w') {
      a.stages.push_back(stage());
      expect('_');
    }
    expect('c');
    a.headWidth = integer();
    expect('_');
    expect('f');
    a.featureWidth = integer();
    if (m_pos != m_text.size()) fail("end of key");
    return a;
  }

private:
  StageArch stage() {
    StageArch s;
    expect('w');
    s.width = integer();
    expect(':');
    do {
      expect('k');
      s.kernels.push_back(integer());
      expect('e');
      s.expands.push_back(integer());
    } while (accept(','));
    if (accept('/')) {
      do {
        expect('h');
        s.heads.push_back(integer());
        expect('m');
        s.mlpRatios.push_back(number());
      } while (accept(','));
    }
    s.mbDepth = static_cast<int>(s.kernels.size());
    s.vitDepth = static_cast<int>(s.heads.size());
    return s;
  }

  char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++m_pos;
    return true;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("'") + c + "'");
  }
  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  std::string digits() {
    const std::size_t start = m_pos;
    while (isDigit(peek())) ++m_pos;
    return m_text.substr(start, m_pos - start);
  }

  int integer() {
    const std::size_t start = m_pos;
    const std::string d = digits();
    if (d.empty()) fail("a number");
    if (d.size() > 1 && d[0] == '0') fail("a number without leading zeros", start);
    if (d.size() > 9) fail("a number of at most 9 digits", start);
    return std::atoi(d.c_str());
  }

  double number() {
    const std::size_t start = m_pos;
    integer();
    if (accept('.')) {
      if (digits().empty()) fail("digits after '.'");
    }
    const std::string text = m_text.substr(start, m_pos - start);
    const double v = std::strtod(text.c_str(), nullptr);
    if (canonicalNumber(v) != text)
      fail("the shortest decimal form " + canonicalNumber(v) + " of the MLP ratio", start);
    return v;
  }

  [[noreturn]] void fail(const std::string& expected) const { fail(expected, m_pos); }
  [[noreturn]] void fail(const std::string& expected, std::size_t pos) const {
    std::string found = pos < m_text.size() ? "'" + std::string(1, m_text[pos]) + "'"
                                            : std::string("the end");
    throw InputError("arch key: expected " + expected + " at position " + std::to_string(pos) +
                     ", found " + found + " (" + m_text + ")");
  }

  const std::string& m_text;
  std::size_t m_pos = 0;
};

}  // namespace

Arch parseArchKey(const std::string& key) { return KeyParser(key).parse(); }

}  // namespace h4h
