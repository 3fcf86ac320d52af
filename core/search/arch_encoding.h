#pragma once
/// An arch as the fixed-length feature vector the accuracy predictor reads: one one-hot
/// group per choice of the space (resolution, stem width, per stage width, MBConv depth,
/// per MBConv layer kernel and expand, ViT depth, per ViT layer heads and MLP ratio, head
/// widths). A per-layer group of a layer beyond the chosen depth is all zeros (depth
/// masking), so a layer that is not there contributes nothing. Choices with one value
/// carry no information and get no group.

#include <string>
#include <vector>

#include "space/search_space.h"

namespace h4h {

class ArchEncoding {
public:
  /// `space` must be valid; it is copied.
  explicit ArchEncoding(const SearchSpace& space);

  /// Number of features of every encoded arch.
  int size() const { return m_size; }
  /// "s2.vit1.heads=4": one name per feature, for reports.
  const std::vector<std::string>& featureNames() const { return m_names; }

  /// The features of an arch of the space (1 or 0). Throws InputError when a value is not
  /// one of the space's choices.
  std::vector<double> encode(const Arch& arch) const;
  /// The arch a feature vector encodes (the largest entry of each group wins; an all-zero
  /// per-layer group is a masked layer). decode(encode(a)) == a for every arch of the space.
  Arch decode(const std::vector<double>& features) const;

private:
  /// One choice: where its one-hot block starts and the values it picks from.
  struct Group {
    int offset = -1;             ///< first feature; -1 = a single choice, not encoded
    std::vector<double> values;  ///< the choices, in the space's order
    std::string name;
  };
  int addGroup(const std::string& name, const std::vector<double>& values);

  SearchSpace m_space;
  std::vector<Group> m_groups;
  std::vector<std::string> m_names;
  int m_size = 0;
};

}  // namespace h4h
