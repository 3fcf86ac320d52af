#include "cli/network_source.h"

#include "graph/layer_graph.h"
#include "hw/presets.h"
#include "hw/reference_networks.h"
#include "hw/scalesim_topology.h"
#include "project/project_io.h"
#include "space/arch_key.h"
#include "space/arch_spec.h"

namespace h4h::cli {

NetworkSource loadNetworkSource(const ParsedArgs& args) {
  const bool topology = args.has("topology");
  const bool network = args.has("network");
  if (topology && network) throw InputError("--topology and --network cannot be combined");
  if ((topology || network) && args.has("arch"))
    throw InputError(std::string(topology ? "--topology" : "--network") + " and --arch cannot be combined");
  if (!topology && !network && args.positionals.empty())
    throw InputError("missing PROJECT argument (or --network NAME, --topology FILE)");
  if (args.positionals.size() > 1) throw InputError("too many arguments: expected one PROJECT");

  NetworkSource source;
  if (!args.positionals.empty()) {
    source.project = loadProjectOrThrow(args.project());
    source.hw = source.project->hardware;
  } else {
    source.hw = defaultHardware();
  }
  if (topology) {
    if (args.has("resolution")) throw InputError("--resolution does not apply to --topology");
    const std::string path = *args.value("topology");
    source.layers = loadScaleSimTopology(path);
    source.what = "topology " + path;
  } else if (network) {
    const ReferenceNetwork net = loadReferenceNetwork(*args.value("network"));
    LowerOptions options;
    options.resolution = static_cast<int>(args.intOr("resolution", net.space.deployResolution, 1, 16384));
    source.layers = lowerArch(net.space, net.arch, options);
    source.what = "network " + net.name + " (" + net.title + ") @" + std::to_string(options.resolution);
  } else {
    const SearchSpace& space = source.project->space;
    const Arch arch = resolveArchSpec(space, args.valueOr("arch", "max"));
    LowerOptions options;
    options.resolution =
        static_cast<int>(args.intOr("resolution", deploymentResolution(space, arch), 1, 16384));
    source.layers = lowerArch(space, arch, options);
    source.what = "arch " + archKey(arch) + " @" + std::to_string(options.resolution);
  }
  return source;
}

std::vector<OptionSpec> optionsNamed(const std::vector<OptionSpec>& from,
                                     const std::vector<std::string>& names) {
  std::vector<OptionSpec> out;
  for (const std::string& name : names)
    for (const OptionSpec& o : from)
      if (o.name == name) out.push_back(o);
  return out;
}

}  // namespace h4h::cli
