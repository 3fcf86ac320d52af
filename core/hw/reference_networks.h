#pragma once
/// Reference networks bundled with the studio (resources/networks/<name>.json), so a
/// hardware model can be checked against published figures for a known network
/// (`h4h profile --network mobilenet_v2`, `h4h calibrate`) and the tests and the
/// benchmark cost the same network from the same file.
///
/// A network file is a search space with one choice per field: its only arch is the
/// network, and the graph module lowers it like any arch (one place owns MACs):
///   {"format": "h4h-network", "version": 1, "name", "title", "description", "source",
///    "space": {...as in a project file...}}

#include <string>
#include <vector>

#include "graph/layer.h"
#include "space/search_space.h"

namespace h4h {

struct ReferenceNetwork {
  std::string name;         ///< file stem, e.g. "mobilenet_v2"
  std::string title;        ///< e.g. "MobileNetV2-1.0 (224)"
  std::string description;
  std::string source;       ///< the publication its structure is taken from
  SearchSpace space;        ///< one choice per field
  Arch arch;                ///< the space's only arch
};

/// resourcesDir()/networks.
std::string referenceNetworksDir();
/// Names of the bundled networks, sorted.
std::vector<std::string> referenceNetworkNames();

/// Reads `text` as a network file; throws InputError naming `source` and the field.
ReferenceNetwork parseReferenceNetwork(const std::string& text, const std::string& source);
/// Loads a bundled network; an unknown name lists the available ones (InputError).
ReferenceNetwork loadReferenceNetwork(const std::string& name);
/// The network lowered at its deploy resolution.
std::vector<Layer> lowerReferenceNetwork(const ReferenceNetwork& network);
/// loadReferenceNetwork + lowerReferenceNetwork.
std::vector<Layer> referenceNetworkLayers(const std::string& name);

}  // namespace h4h
