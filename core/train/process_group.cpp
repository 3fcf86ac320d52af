#include "train/process_group.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>

#include "util/errors.h"

namespace h4h {

namespace {

using Millis = std::chrono::milliseconds;

/// How often a rank leaves a heartbeat in the store; a rank whose count has not moved
/// for 2.5 of these when a collective fails is the one to blame.
constexpr Millis kHeartbeat{1000};
/// PyTorch DDP's default bucket_cap_mb.
constexpr std::int64_t kBucketBytes = 25 * 1024 * 1024;

std::string beatKey(int rank) { return "h4h/beat/" + std::to_string(rank); }

std::string firstLine(const std::string& text) {
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

bool isLoopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

std::string joinRanks(const std::vector<int>& ranks) {
  std::ostringstream out;
  out << (ranks.size() == 1 ? "rank " : "ranks ");
  for (std::size_t i = 0; i < ranks.size(); ++i) out << (i ? ", " : "") << ranks[i];
  return out.str();
}

}  // namespace

struct ProcessGroup::Impl {
  DistConfig config;
  Millis timeout{0};
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
  torch::Device device = torch::kCPU;  ///< where the backend wants tensors
  int shareCount = 0;

  std::thread beatThread;
  std::mutex beatMutex;
  std::condition_variable beatWake;
  bool stopping = false;

  c10::intrusive_ptr<c10d::TCPStore> client(Millis wait) const {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(config.masterPort);
    options.isServer = false;
    options.waitWorkers = false;
    options.timeout = wait;
    return c10::make_intrusive<c10d::TCPStore>(config.masterAddr, options);
  }

  void beat() {
    try {
      auto own = client(timeout);
      std::unique_lock<std::mutex> lock(beatMutex);
      while (!stopping) {
        lock.unlock();
        own->add(beatKey(config.rank), 1);
        lock.lock();
        beatWake.wait_for(lock, kHeartbeat, [&] { return stopping; });
      }
    } catch (const std::exception&) {
      // Rank 0's store is gone: the next collective fails and says so.
    }
  }

  /// Names the ranks whose heartbeats stopped, for the message of a failed collective.
  std::string blame() const {
    try {
      auto probe = client(Millis(3000));
      std::vector<std::int64_t> before(static_cast<std::size_t>(config.worldSize));
      for (int r = 0; r < config.worldSize; ++r) before[r] = probe->add(beatKey(r), 0);
      std::this_thread::sleep_for(kHeartbeat * 5 / 2);
      std::vector<int> stale;
      for (int r = 0; r < config.worldSize; ++r)
        if (r != config.rank && probe->add(beatKey(r), 0) == before[r]) stale.push_back(r);
      if (stale.empty()) return "every rank is alive; the collective timed out or a link failed";
      return joinRanks(stale) + " stopped answering (the process died or hangs)";
    } catch (const std::exception&) {
      if (config.rank == 0) return "the rendezvous store failed";
      return "rank 0 (" + config.masterAddr + ":" + std::to_string(config.masterPort) +
             ", which holds the rendezvous store) stopped answering (the process died or hangs)";
    }
  }

  [[noreturn]] void fail(const std::string& what, const std::exception& error) const {
    throw DistributedError("rank " + std::to_string(config.rank) + " of " + std::to_string(config.worldSize) +
                           ": " + what + " failed: " + blame() + " (" + firstLine(error.what()) + ")");
  }

  void run(const std::string& what, const std::function<c10::intrusive_ptr<c10d::Work>()>& start) const {
    try {
      start()->wait(timeout);
    } catch (const std::exception& e) {
      fail(what, e);
    }
  }
};

ProcessGroup::ProcessGroup(const DistConfig& config, bool cuda) : m_impl(std::make_unique<Impl>()) {
  validateDistConfig(config);
#ifndef USE_C10D_NCCL
  if (cuda)
    throw InputError("training.device: data-parallel training on GPUs needs LibTorch's NCCL backend, which this "
                     "build lacks (Debian's LibTorch is CPU-only; README: Training on GPUs and clusters) (\"cuda\")");
#endif
  Impl& d = *m_impl;
  d.config = config;
  d.timeout = Millis(static_cast<std::int64_t>(config.timeoutSeconds * 1000.0));
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(config.masterPort);
    options.isServer = config.rank == 0;
    options.numWorkers = static_cast<std::size_t>(config.worldSize);
    options.waitWorkers = true;
    options.timeout = d.timeout;
    d.store = c10::make_intrusive<c10d::TCPStore>(config.masterAddr, options);
    auto glooOptions = c10d::ProcessGroupGloo::Options::create(d.timeout);
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"))
      glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    else if (isLoopback(config.masterAddr))
      glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("h4h/pg", d.store);
#ifdef USE_C10D_NCCL
    if (cuda) {
      auto ncclOptions = c10d::ProcessGroupNCCL::Options::create();
      ncclOptions->timeout = d.timeout;
      d.device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(config.localRank));
      d.group = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, config.rank, config.worldSize, ncclOptions);
    }
#endif
    if (!d.group)
      d.group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, config.rank, config.worldSize, glooOptions);
  } catch (const std::exception& e) {
    throw DistributedError("rank " + std::to_string(config.rank) + " of " + std::to_string(config.worldSize) +
                           ": joining the run at " + config.masterAddr + ":" + std::to_string(config.masterPort) +
                           " failed (" + firstLine(e.what()) + ")");
  }
  d.beatThread = std::thread([this] { m_impl->beat(); });
}

ProcessGroup::~ProcessGroup() {
  {
    std::lock_guard<std::mutex> lock(m_impl->beatMutex);
    m_impl->stopping = true;
  }
  m_impl->beatWake.notify_all();
  if (m_impl->beatThread.joinable()) m_impl->beatThread.join();
}

int ProcessGroup::rank() const { return m_impl->config.rank; }
int ProcessGroup::size() const { return m_impl->config.worldSize; }

void ProcessGroup::broadcast(std::vector<torch::Tensor>& tensors, const std::string& what) {
  torch::NoGradGuard noGrad;
  for (auto& t : tensors) {
    std::vector<torch::Tensor> one{t.to(m_impl->device).contiguous()};
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    m_impl->run("broadcast of " + what, [&] { return m_impl->group->broadcast(one, options); });
    if (!one[0].is_same(t)) t.copy_(one[0]);
  }
}

void ProcessGroup::allReduceMean(std::vector<torch::Tensor>& tensors, const std::string& what) {
  torch::NoGradGuard noGrad;
  const double scale = 1.0 / m_impl->config.worldSize;
  std::size_t first = 0;
  while (first < tensors.size()) {
    std::size_t last = first;
    std::int64_t bytes = 0;
    while (last < tensors.size() && (last == first || bytes + tensors[last].nbytes() <= kBucketBytes))
      bytes += static_cast<std::int64_t>(tensors[last++].nbytes());
    std::vector<torch::Tensor> flat;
    for (std::size_t i = first; i < last; ++i) flat.push_back(tensors[i].reshape(-1));
    std::vector<torch::Tensor> bucket{torch::cat(flat).to(m_impl->device)};
    m_impl->run("all-reduce of " + what, [&] { return m_impl->group->allreduce(bucket); });
    bucket[0].mul_(scale);
    std::int64_t offset = 0;
    for (std::size_t i = first; i < last; ++i) {
      const std::int64_t n = tensors[i].numel();
      tensors[i].copy_(bucket[0].narrow(0, offset, n).view(tensors[i].sizes()));
      offset += n;
    }
    first = last;
  }
}

void ProcessGroup::allReduceSum(torch::Tensor& t, const std::string& what) {
  std::vector<torch::Tensor> one{t.to(m_impl->device)};
  m_impl->run("all-reduce of " + what, [&] { return m_impl->group->allreduce(one); });
  if (!one[0].is_same(t)) t.copy_(one[0]);
}

std::string ProcessGroup::shareFromRank0(const std::string& key, const std::string& bytes) {
  const std::string storeKey = "h4h/share/" + key + "/" + std::to_string(m_impl->shareCount++);
  try {
    if (rank() == 0) {
      m_impl->store->set(storeKey, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
      return bytes;
    }
    const std::vector<std::uint8_t> value = m_impl->store->get(storeKey);
    return std::string(value.begin(), value.end());
  } catch (const std::exception& e) {
    m_impl->fail("receiving " + key + " from rank 0", e);
  }
}

}  // namespace h4h
