#include "space/space_ops.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace h4h {

namespace {

// ---- random helpers (platform-independent: mt19937_64 is fully specified) ----

std::size_t randomIndex(std::size_t n, std::mt19937_64& rng) {
  return n <= 1 ? 0 : static_cast<std::size_t>(rng() % n);
}

double randomUnit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

bool coin(std::mt19937_64& rng) { return (rng() >> 63) != 0; }

template <typename T>
T pick(const std::vector<T>& choices, std::mt19937_64& rng) {
  return choices.empty() ? T{} : choices[randomIndex(choices.size(), rng)];
}

/// A uniformly chosen value different from `current` (when there is one).
template <typename T>
T pickAnother(const std::vector<T>& choices, T current, std::mt19937_64& rng) {
  std::vector<T> others;
  for (const T& c : choices)
    if (c != current) others.push_back(c);
  if (others.size() == choices.size()) return pick(choices, rng);  // current not a choice
  return others.empty() ? current : pick(others, rng);
}

template <typename T>
T maxOf(const std::vector<T>& v) {
  return v.empty() ? T{} : *std::max_element(v.begin(), v.end());
}
template <typename T>
T minOf(const std::vector<T>& v) {
  return v.empty() ? T{} : *std::min_element(v.begin(), v.end());
}

int lastWidthOf(const Arch& a) { return a.stages.empty() ? a.stemWidth : a.stages.back().width; }

/// Re-derives genes that depend on others (a head conv width tied to the last width).
void fixDerived(const SearchSpace& space, Arch& a, std::mt19937_64* rng) {
  const std::vector<int> choices = headWidthChoices(space, lastWidthOf(a));
  if (std::find(choices.begin(), choices.end(), a.headWidth) == choices.end())
    a.headWidth = rng ? pick(choices, *rng) : choices.front();
}

void resizeMb(const StageSpace& s, StageArch& a, int depth, std::mt19937_64& rng) {
  a.mbDepth = depth;
  while (static_cast<int>(a.kernels.size()) < depth) a.kernels.push_back(pick(s.kernels, rng));
  while (static_cast<int>(a.expands.size()) < depth) a.expands.push_back(pick(s.expands, rng));
  a.kernels.resize(depth);
  a.expands.resize(depth);
}

void resizeVit(const StageSpace& s, StageArch& a, int depth, std::mt19937_64& rng) {
  a.vitDepth = depth;
  while (static_cast<int>(a.heads.size()) < depth) a.heads.push_back(pick(s.heads, rng));
  while (static_cast<int>(a.mlpRatios.size()) < depth)
    a.mlpRatios.push_back(pick(s.mlpRatios, rng));
  a.heads.resize(depth);
  a.mlpRatios.resize(depth);
}

Arch extremeArch(const SearchSpace& space, bool largest) {
  auto ext = [largest](const auto& v) { return largest ? maxOf(v) : minOf(v); };
  Arch a;
  a.resolution = ext(space.trainResolutions);
  a.stemWidth = ext(space.stem.widths);
  for (const StageSpace& s : space.stages) {
    StageArch st;
    st.width = ext(s.widths);
    st.mbDepth = ext(s.mbDepths);
    st.kernels.assign(st.mbDepth, ext(s.kernels));
    st.expands.assign(st.mbDepth, ext(s.expands));
    st.vitDepth = ext(s.vitDepths);
    st.heads.assign(st.vitDepth, ext(s.heads));
    st.mlpRatios.assign(st.vitDepth, ext(s.mlpRatios));
    a.stages.push_back(std::move(st));
  }
  a.headWidth = ext(headWidthChoices(space, lastWidthOf(a)));
  a.featureWidth = ext(featureWidthChoices(space));
  return a;
}

// ---- exact big numbers for the space size ----

/// Non-negative integer, little-endian base-1e9 limbs.
class BigCount {
public:
  explicit BigCount(std::uint64_t v = 0) {
    while (v) {
      m_limbs.push_back(static_cast<std::uint32_t>(v % kBase));
      v /= kBase;
    }
  }
  BigCount& operator+=(const BigCount& o) {
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < std::max(m_limbs.size(), o.m_limbs.size()) || carry; ++i) {
      if (i == m_limbs.size()) m_limbs.push_back(0);
      std::uint64_t s = carry + m_limbs[i] + (i < o.m_limbs.size() ? o.m_limbs[i] : 0);
      m_limbs[i] = static_cast<std::uint32_t>(s % kBase);
      carry = s / kBase;
    }
    return *this;
  }
  BigCount operator*(const BigCount& o) const {
    BigCount r;
    if (m_limbs.empty() || o.m_limbs.empty()) return r;
    std::vector<std::uint64_t> acc(m_limbs.size() + o.m_limbs.size() + 1, 0);
    for (std::size_t i = 0; i < m_limbs.size(); ++i) {
      std::uint64_t carry = 0;
      for (std::size_t j = 0; j < o.m_limbs.size() || carry; ++j) {
        std::uint64_t cur = acc[i + j] + carry +
                            (j < o.m_limbs.size() ? std::uint64_t(m_limbs[i]) * o.m_limbs[j] : 0);
        acc[i + j] = cur % kBase;
        carry = cur / kBase;
      }
    }
    while (!acc.empty() && acc.back() == 0) acc.pop_back();
    for (auto v : acc) r.m_limbs.push_back(static_cast<std::uint32_t>(v));
    return r;
  }
  std::string str() const {
    if (m_limbs.empty()) return "0";
    std::string s = std::to_string(m_limbs.back());
    for (std::size_t i = m_limbs.size() - 1; i-- > 0;) {
      std::string part = std::to_string(m_limbs[i]);
      s += std::string(9 - part.size(), '0') + part;
    }
    return s;
  }

private:
  static constexpr std::uint64_t kBase = 1000000000ULL;
  std::vector<std::uint32_t> m_limbs;
};

/// Σ_{d in depths} perLayer^d.
BigCount depthSum(const std::vector<int>& depths, std::uint64_t perLayer) {
  BigCount sum;
  for (int d : depths) {
    BigCount term(1);
    for (int i = 0; i < d; ++i) term = term * BigCount(perLayer);
    sum += term;
  }
  return sum;
}

BigCount stageSize(const StageSpace& s) {
  const int maxVit = maxOf(s.vitDepths);
  BigCount vit = maxVit == 0 ? BigCount(1)
                             : depthSum(s.vitDepths, s.heads.size() * s.mlpRatios.size());
  return BigCount(s.widths.size()) * depthSum(s.mbDepths, s.kernels.size() * s.expands.size()) *
         vit;
}

BigCount spaceSize(const SearchSpace& space) {
  BigCount n(space.stem.widths.size() * space.trainResolutions.size());
  for (const StageSpace& s : space.stages) n = n * stageSize(s);
  // The head conv width is either a free choice or derived from the last width.
  const std::size_t headChoices = space.head.convWidths.empty() ? 1 : space.head.convWidths.size();
  return n * BigCount(headChoices) * BigCount(featureWidthChoices(space).size());
}

}  // namespace

int totalStride(const SearchSpace& space) {
  long long s = space.stem.stride;
  for (const StageSpace& st : space.stages) s = std::min(s * st.stride, 1LL << 30);
  return static_cast<int>(s);
}

std::vector<int> headWidthChoices(const SearchSpace& space, int lastWidth) {
  if (!space.head.convWidths.empty()) return space.head.convWidths;
  if (space.head.convExpand > 0) return {space.head.convExpand * lastWidth};
  return {0};
}

std::vector<int> featureWidthChoices(const SearchSpace& space) {
  return space.head.featureWidths.empty() ? std::vector<int>{0} : space.head.featureWidths;
}

Arch sampleArch(const SearchSpace& space, std::mt19937_64& rng, bool cnnOnly) {
  Arch a;
  a.resolution = pick(space.trainResolutions, rng);
  a.stemWidth = pick(space.stem.widths, rng);
  for (const StageSpace& s : space.stages) {
    StageArch st;
    st.width = pick(s.widths, rng);
    resizeMb(s, st, pick(s.mbDepths, rng), rng);
    resizeVit(s, st, cnnOnly ? 0 : pick(s.vitDepths, rng), rng);
    a.stages.push_back(std::move(st));
  }
  a.headWidth = pick(headWidthChoices(space, lastWidthOf(a)), rng);
  a.featureWidth = pick(featureWidthChoices(space), rng);
  return a;
}

Arch maxArch(const SearchSpace& space) { return extremeArch(space, true); }
Arch minArch(const SearchSpace& space) { return extremeArch(space, false); }

Arch restrictCnnOnly(const Arch& arch) {
  Arch a = arch;
  for (StageArch& s : a.stages) {
    s.vitDepth = 0;
    s.heads.clear();
    s.mlpRatios.clear();
  }
  return a;
}

SearchSpace cnnOnlySpace(const SearchSpace& space) {
  SearchSpace s = space;
  for (StageSpace& st : s.stages) st.vitDepths = {0};
  return s;
}

Arch mutateArch(const SearchSpace& space, const Arch& arch, double perGeneProb,
                std::mt19937_64& rng, bool cnnOnly) {
  auto hit = [&] { return randomUnit(rng) < perGeneProb; };
  Arch a = arch;
  if (hit()) a.resolution = pickAnother(space.trainResolutions, a.resolution, rng);
  if (hit()) a.stemWidth = pickAnother(space.stem.widths, a.stemWidth, rng);
  a.stages.resize(space.stages.size());
  for (std::size_t i = 0; i < space.stages.size(); ++i) {
    const StageSpace& s = space.stages[i];
    StageArch& st = a.stages[i];
    if (hit()) st.width = pickAnother(s.widths, st.width, rng);
    resizeMb(s, st, hit() ? pickAnother(s.mbDepths, st.mbDepth, rng) : st.mbDepth, rng);
    for (int l = 0; l < st.mbDepth; ++l) {
      if (hit()) st.kernels[l] = pickAnother(s.kernels, st.kernels[l], rng);
      if (hit()) st.expands[l] = pickAnother(s.expands, st.expands[l], rng);
    }
    int vit = st.vitDepth;
    if (cnnOnly) vit = 0;
    else if (hit()) vit = pickAnother(s.vitDepths, vit, rng);
    resizeVit(s, st, vit, rng);
    for (int l = 0; l < st.vitDepth; ++l) {
      if (hit()) st.heads[l] = pickAnother(s.heads, st.heads[l], rng);
      if (hit()) st.mlpRatios[l] = pickAnother(s.mlpRatios, st.mlpRatios[l], rng);
    }
  }
  if (!space.head.convWidths.empty() && hit())
    a.headWidth = pickAnother(space.head.convWidths, a.headWidth, rng);
  fixDerived(space, a, &rng);
  if (hit()) a.featureWidth = pickAnother(featureWidthChoices(space), a.featureWidth, rng);
  return a;
}

Arch crossoverArchs(const SearchSpace& space, const Arch& pa, const Arch& pb,
                    std::mt19937_64& rng) {
  auto from = [&](auto member) { return coin(rng) ? pa.*member : pb.*member; };
  Arch c;
  c.resolution = from(&Arch::resolution);
  c.stemWidth = from(&Arch::stemWidth);
  const std::size_t n = std::min(pa.stages.size(), pb.stages.size());
  for (std::size_t i = 0; i < n; ++i) {
    const StageArch& a = pa.stages[i];
    const StageArch& b = pb.stages[i];
    StageArch st;
    st.width = coin(rng) ? a.width : b.width;
    // Layer genes: from either parent where both have the layer, else from the one
    // that has it (the chosen depth is one of the parents', so one always does).
    auto layerGene = [&](const auto& va, const auto& vb, int l) {
      const bool inA = l < static_cast<int>(va.size());
      const bool inB = l < static_cast<int>(vb.size());
      using Gene = typename std::decay_t<decltype(va)>::value_type;
      if (inA && inB) return coin(rng) ? va[l] : vb[l];
      if (!inA && !inB) return Gene{};  // inconsistent parents: leave it to validation
      return inA ? va[l] : vb[l];
    };
    st.mbDepth = coin(rng) ? a.mbDepth : b.mbDepth;
    for (int l = 0; l < st.mbDepth; ++l) {
      st.kernels.push_back(layerGene(a.kernels, b.kernels, l));
      st.expands.push_back(layerGene(a.expands, b.expands, l));
    }
    st.vitDepth = coin(rng) ? a.vitDepth : b.vitDepth;
    for (int l = 0; l < st.vitDepth; ++l) {
      st.heads.push_back(layerGene(a.heads, b.heads, l));
      st.mlpRatios.push_back(layerGene(a.mlpRatios, b.mlpRatios, l));
    }
    c.stages.push_back(std::move(st));
  }
  c.headWidth = from(&Arch::headWidth);
  c.featureWidth = from(&Arch::featureWidth);
  fixDerived(space, c, &rng);
  return c;
}

std::string deploymentDescription(const SearchSpace& space) {
  return space.fixedDeployResolution
             ? "every subnet at " + std::to_string(space.deployResolution) + " px (fixed)"
             : std::string("each subnet at its own resolution");
}

std::string spaceSizeExact(const SearchSpace& space) { return spaceSize(space).str(); }

std::string stageSizeExact(const StageSpace& stage) { return stageSize(stage).str(); }

double log10SpaceSize(const SearchSpace& space) {
  const std::string digits = spaceSize(space).str();
  if (digits == "0") return -INFINITY;
  const std::size_t lead = std::min<std::size_t>(digits.size(), 15);
  const double mantissa = std::stod(digits.substr(0, lead));
  return static_cast<double>(digits.size() - lead) + std::log10(mantissa);
}

}  // namespace h4h
