#include "model/subnet_export.h"

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "data/batch_loader.h"
#include "data/dataset.h"
#include "data/file_bytes.h"
#include "graph/layer_graph.h"
#include "graph/layers_csv.h"
#include "model/subnet_python.h"
#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "space/arch_key.h"
#include "space/space_json.h"
#include "space/space_validate.h"
#include "train/train_status.h"
#include "util/errors.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

torch::Device exportDevice(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available())
      throw InputError("--device: CUDA is not available on this machine or in this build (\"cuda\")");
    return torch::kCUDA;
  }
  throw InputError("--device: must be cpu or cuda (\"" + name + "\")");
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw std::runtime_error(path + ": cannot write");
}

/// Re-estimates BN statistics of `arch` on shuffled, unaugmented training batches;
/// records the input normalisation in `normalisation`.
int recalibrate(Supernet& net, const Project& project, const Arch& arch, int batches,
                Json& normalisation) {
  DataConfig data = project.data;
  if (!project.filePath.empty()) data.path = project.resolvePath(data.path);
  const DataSplits splits = loadDataSplits(data, modelInputOf(project.space));
  if (splits.channels() != project.space.inputChannels)
    throw InputError("space.input_channels: the dataset " + data.dataset + " has " +
                     std::to_string(splits.channels()) + " channels (" +
                     std::to_string(project.space.inputChannels) + ")");
  LoaderOptions o;
  o.batchSize = data.batchSize;
  o.shuffle = true;
  o.mean = splits.mean;
  o.std = splits.std;
  o.resolution = arch.resolution;
  o.seed = data.seed ^ 0xE4905ULL;
  o.prefetch = 1;
  o.device = net->device();
  normalisation = {{"mean", splits.mean}, {"std", splits.std}, {"scale", "pixel / 255"}};
  BatchLoader loader(splits.train, o);
  loader.startEpoch(0);
  return net->recalibrateBN(arch, batches, [&]() {
    Batch b;
    return loader.next(b) ? b.images : torch::Tensor();
  });
}

}  // namespace

std::string defaultCheckpointPath(const Project& project) {
  return project.artifactDir() + "/" + kSupernetFile;  // the supernet in force
}

ExportResult exportSubnet(const Project& project, const Arch& arch, const std::string& outDir,
                          const ExportOptions& options) {
  ErrorList errors;
  validateArch(project.space, arch, errors, "arch");
  if (!errors.empty()) throw InputError(errors);
  const torch::Device device = exportDevice(options.device);

  std::string checkpoint;
  if (!options.untrained) {
    checkpoint = options.checkpointPath.empty() ? defaultCheckpointPath(project) : options.checkpointPath;
    if (!fileExists(checkpoint))
      throw InputError("checkpoint " + checkpoint +
                       ": not found (train the supernet first with 'h4h train', or pass "
                       "--checkpoint FILE, or --untrained for random weights)");
  }

  Supernet net{nullptr};
  {
    std::lock_guard<std::mutex> lock(torchRngMutex());
    torch::manual_seed(options.seed);
    net = Supernet(project.space);
  }
  net->to(device);
  if (!options.untrained) loadSupernetWeights(net, checkpoint);

  ExportResult result;
  const int bnBatches = options.bnBatches >= 0 ? options.bnBatches
                        : options.untrained    ? 0
                                               : project.training.bnRecalibBatches;
  Json normalisation = nullptr;
  if (bnBatches > 0) result.bnBatches = recalibrate(net, project, arch, bnBatches, normalisation);
  net->eval();
  Subnet subnet = net->extract(arch);
  subnet->eval();
  result.parameters = countParameters(*subnet);

  std::error_code ec;
  fs::create_directories(outDir, ec);
  if (ec) throw InputError("--out: cannot create " + outDir + " (" + ec.message() + ")");
  const fs::path dir(outDir);
  result.weightsPath = (dir / "subnet.pt").string();
  result.stateDictPath = (dir / "state_dict.pt").string();
  result.archPath = (dir / "arch.json").string();
  result.layersPath = (dir / "layers.csv").string();
  result.pythonPath = (dir / "model.py").string();

  Subnet cpuCopy = subnet;
  if (device != torch::Device(torch::kCPU)) cpuCopy->to(torch::kCPU);
  torch::save(cpuCopy, result.weightsPath);

  c10::impl::GenericDict state(c10::StringType::get(), c10::TensorType::get());
  Json tensors = Json::array();
  for (const auto& item : cpuCopy->named_parameters(true)) {
    state.insert(item.key(), item.value().detach());
    tensors.push_back(item.key());
  }
  for (const auto& item : cpuCopy->named_buffers(true)) {
    state.insert(item.key(), item.value());
    tensors.push_back(item.key());
  }
  const std::vector<char> pickled = torch::pickle_save(state);
  writeText(result.stateDictPath, std::string(pickled.begin(), pickled.end()));

  const int deployResolution = deploymentResolution(project.space, arch);
  const auto layers = lowerArch(project.space, arch, LowerOptions{deployResolution});
  const GraphTotals totals = graphTotals(layers);
  writeText(result.layersPath, layersCsv(layers));
  PythonModelInfo python{project.name, archKey(arch), deployResolution, {}, {}};
  if (normalisation.is_object()) {
    python.mean = normalisation.at("mean").get<std::vector<double>>();
    python.std = normalisation.at("std").get<std::vector<double>>();
  }
  writeText(result.pythonPath, subnetPythonModule(project.space, arch, python));

  // Which training run the weights in force came from (train_status.h), when known.
  Json supernetRun;
  if (!options.untrained && options.checkpointPath.empty()) {
    try {
      const auto inForce = inForceSupernet(project.artifactDir());
      if (inForce && !inForce->runId.empty()) {
        supernetRun = inForce->runId;
        result.supernetRun = inForce->runId;
      }
    } catch (const InputError&) {
    }
  }

  Json info = {{"format", "h4h-subnet"},
               {"version", 1},
               {"project", project.name},
               {"key", archKey(arch)},
               {"arch", archToJson(arch)},
               {"space", spaceToJson(project.space)},
               {"parameters", result.parameters},
               {"deploy_resolution", deployResolution},
               {"macs", totals.macs},
               {"checkpoint", options.untrained ? Json(nullptr) : Json(checkpoint)},
               {"supernet_run", supernetRun},
               {"untrained", options.untrained},
               {"bn_recalibration_batches", result.bnBatches},
               {"activation", project.space.activation},
               {"input_normalisation", normalisation},
               {"tensors", tensors}};
  writeText(result.archPath, info.dump(2) + "\n");
  return result;
}

}  // namespace h4h
