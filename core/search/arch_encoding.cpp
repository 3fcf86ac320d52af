#include "search/arch_encoding.h"

#include <algorithm>
#include <cstddef>
#include <stdexcept>

#include "space/space_ops.h"
#include "util/errors.h"

namespace h4h {

namespace {

std::vector<double> asDoubles(const std::vector<int>& v) { return {v.begin(), v.end()}; }

int maxOf(const std::vector<int>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }

}  // namespace

int ArchEncoding::addGroup(const std::string& name, const std::vector<double>& values) {
  Group g;
  g.values = values;
  g.name = name;
  if (values.size() > 1) {
    g.offset = m_size;
    for (double v : values) {
      std::string label = name + "=";
      label += v == static_cast<int>(v) ? std::to_string(static_cast<int>(v)) : std::to_string(v);
      m_names.push_back(label);
    }
    m_size += static_cast<int>(values.size());
  }
  m_groups.push_back(std::move(g));
  return static_cast<int>(m_groups.size()) - 1;
}

ArchEncoding::ArchEncoding(const SearchSpace& space) : m_space(space) {
  addGroup("resolution", asDoubles(space.trainResolutions));
  addGroup("stem.width", asDoubles(space.stem.widths));
  for (std::size_t s = 0; s < space.stages.size(); ++s) {
    const StageSpace& st = space.stages[s];
    const std::string p = "s" + std::to_string(s);
    addGroup(p + ".width", asDoubles(st.widths));
    addGroup(p + ".mb_depth", asDoubles(st.mbDepths));
    for (int l = 0; l < maxOf(st.mbDepths); ++l) {
      addGroup(p + ".mb" + std::to_string(l) + ".kernel", asDoubles(st.kernels));
      addGroup(p + ".mb" + std::to_string(l) + ".expand", asDoubles(st.expands));
    }
    addGroup(p + ".vit_depth", asDoubles(st.vitDepths));
    for (int l = 0; l < maxOf(st.vitDepths); ++l) {
      addGroup(p + ".vit" + std::to_string(l) + ".heads", asDoubles(st.heads));
      addGroup(p + ".vit" + std::to_string(l) + ".mlp_ratio", st.mlpRatios);
    }
  }
  // A head width derived from the last stage (conv_expand) is no choice of its own.
  addGroup("head.conv_width", asDoubles(space.head.convWidths));
  addGroup("head.feature_width", asDoubles(featureWidthChoices(space)));
}

namespace {

/// Walks the groups in the order the constructor added them.
class GroupCursor {
public:
  explicit GroupCursor(std::size_t count) : m_count(count) {}
  std::size_t next() {
    if (m_at >= m_count) throw std::logic_error("arch encoding: more choices than groups");
    return m_at++;
  }

private:
  std::size_t m_count;
  std::size_t m_at = 0;
};

}  // namespace

std::vector<double> ArchEncoding::encode(const Arch& arch) const {
  std::vector<double> x(static_cast<std::size_t>(m_size), 0.0);
  GroupCursor cursor(m_groups.size());
  // present = false: the layer is beyond the chosen depth; its group stays zero.
  const auto put = [&](double value, bool present = true) {
    const Group& g = m_groups[cursor.next()];
    if (!present || g.offset < 0) return;
    const auto it = std::find(g.values.begin(), g.values.end(), value);
    if (it == g.values.end())
      throw InputError(g.name + ": " + std::to_string(value) + " is not one of the space's choices");
    x[static_cast<std::size_t>(g.offset + (it - g.values.begin()))] = 1.0;
  };
  if (arch.stages.size() != m_space.stages.size())
    throw InputError("arch has " + std::to_string(arch.stages.size()) + " stages; the space has " +
                     std::to_string(m_space.stages.size()));
  put(arch.resolution);
  put(arch.stemWidth);
  for (std::size_t s = 0; s < m_space.stages.size(); ++s) {
    const StageSpace& st = m_space.stages[s];
    const StageArch& a = arch.stages[s];
    put(a.width);
    put(a.mbDepth);
    for (int l = 0; l < maxOf(st.mbDepths); ++l) {
      const bool on = l < a.mbDepth;
      put(on ? a.kernels.at(static_cast<std::size_t>(l)) : 0.0, on);
      put(on ? a.expands.at(static_cast<std::size_t>(l)) : 0.0, on);
    }
    put(a.vitDepth);
    for (int l = 0; l < maxOf(st.vitDepths); ++l) {
      const bool on = l < a.vitDepth;
      put(on ? a.heads.at(static_cast<std::size_t>(l)) : 0.0, on);
      put(on ? a.mlpRatios.at(static_cast<std::size_t>(l)) : 0.0, on);
    }
  }
  put(arch.headWidth, !m_space.head.convWidths.empty());
  put(arch.featureWidth);
  return x;
}

Arch ArchEncoding::decode(const std::vector<double>& x) const {
  if (static_cast<int>(x.size()) != m_size)
    throw InputError("arch features: " + std::to_string(x.size()) + " values; the encoding has " +
                     std::to_string(m_size));
  GroupCursor cursor(m_groups.size());
  // The group's value: its single choice, or the largest entry's; `fallback` when the
  // group is all zeros (a masked layer) or the choice list is empty.
  const auto take = [&](double fallback) {
    const Group& g = m_groups[cursor.next()];
    if (g.values.empty()) return fallback;
    if (g.offset < 0) return g.values.front();
    const auto begin = x.begin() + g.offset;
    const auto best = std::max_element(begin, begin + static_cast<std::ptrdiff_t>(g.values.size()));
    return *best > 0.0 ? g.values[static_cast<std::size_t>(best - begin)] : fallback;
  };
  Arch arch;
  arch.resolution = static_cast<int>(take(0));
  arch.stemWidth = static_cast<int>(take(0));
  for (const StageSpace& st : m_space.stages) {
    StageArch a;
    a.width = static_cast<int>(take(0));
    a.mbDepth = static_cast<int>(take(1));
    for (int l = 0; l < maxOf(st.mbDepths); ++l) {
      const int kernel = static_cast<int>(take(0)), expand = static_cast<int>(take(0));
      if (l < a.mbDepth) {
        a.kernels.push_back(kernel);
        a.expands.push_back(expand);
      }
    }
    a.vitDepth = static_cast<int>(take(0));
    for (int l = 0; l < maxOf(st.vitDepths); ++l) {
      const int heads = static_cast<int>(take(0));
      const double mlp = take(0);
      if (l < a.vitDepth) {
        a.heads.push_back(heads);
        a.mlpRatios.push_back(mlp);
      }
    }
    arch.stages.push_back(std::move(a));
  }
  const int lastWidth = arch.stages.empty() ? 0 : arch.stages.back().width;
  const int derivedHead = headWidthChoices(m_space, lastWidth).front();
  arch.headWidth = static_cast<int>(take(derivedHead));
  if (m_space.head.convWidths.empty()) arch.headWidth = derivedHead;
  arch.featureWidth = static_cast<int>(take(0));
  return arch;
}

}  // namespace h4h
