// Data-parallel scaling on the user's path: `h4h train PROJECT` images per second with
// 1 process × 1 thread, 1 process × 2 threads and `--nproc 2` (2 ranks × 1 thread), in
// the same run, rounds alternating, medians. The figure is the run record's
// images_per_s (training steps only: the epoch-end evaluation is left out). Scaling
// efficiency = (nproc 2) / (2 × one thread).
//
// usage: bench_dist_train [PROJECT] [STEPS] [ROUNDS]   (default projects/demo.h4h, 40, 3)

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

/// One fresh run of `steps` steps in a copy of the project; its images per second.
double trainOnce(const std::string& source, const fs::path& work, int steps, const std::string& launch) {
  fs::remove_all(work);
  fs::create_directories(work);
  const fs::path project = work / "p.h4h";
  Json p = Json::parse(std::ifstream(source));
  // The copy lives elsewhere: a relative data path must still name the same folder.
  if (p.contains("data") && p["data"].contains("path")) {
    const fs::path data = p["data"]["path"].get<std::string>();
    if (data.is_relative()) p["data"]["path"] = (fs::absolute(source).parent_path() / data).string();
  }
  std::ofstream(project) << p.dump(2);
  const std::string command = std::string(H4H_CLI_PATH) + " train " + project.string() +
                              " --epochs 1 --steps-per-epoch " + std::to_string(steps) +
                              " --eval-batches 1 --quiet " + launch + " > /dev/null";
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "bench_dist_train: failed: %s\n", command.c_str());
    std::exit(1);
  }
  const Json saved = Json::parse(std::ifstream(project));
  return saved["results"]["runs"].back()["images_per_s"].get<double>();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string project = argc > 1 ? argv[1] : std::string(H4H_SOURCE_DIR) + "/projects/demo.h4h";
  const int steps = argc > 2 ? std::atoi(argv[2]) : 40;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  const fs::path work = fs::temp_directory_path() / "h4h_bench_dist_train";
  struct Setup {
    const char* label;
    std::string launch;
    std::vector<double> rates;
  };
  std::vector<Setup> setups = {{"1 process x 1 thread", "--threads 1", {}},
                               {"1 process x 2 threads", "--threads 2", {}},
                               {"--nproc 2 (2 ranks x 1 thread)", "--nproc 2 --threads 2", {}}};
  std::printf("h4h train %s: %d steps per run, %d rounds\n", project.c_str(), steps, rounds);
  for (int r = 0; r < rounds; ++r)
    for (auto& s : setups) s.rates.push_back(trainOnce(project, work, steps, s.launch));
  fs::remove_all(work);
  const double base = median(setups[0].rates);
  for (const auto& s : setups)
    std::printf("  %-32s %8.1f img/s  (%.2fx one thread)\n", s.label, median(s.rates), median(s.rates) / base);
  std::printf("scaling efficiency of --nproc 2: %.0f %% (of 2x one thread); 2 threads in one process: %.0f %%\n",
              100.0 * median(setups[2].rates) / (2.0 * base), 100.0 * median(setups[1].rates) / (2.0 * base));
  return 0;
}
