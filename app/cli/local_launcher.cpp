#include "cli/local_launcher.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <thread>

#include "model/torch_runtime.h"
#include "util/errors.h"

namespace h4h::cli {

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_interrupts = 0;

/// How long the other ranks get to stop by themselves once one has exited with an
/// error: an exited rank's sockets close at once, so they notice within seconds (naming
/// it takes ~3 s); only ranks still waiting to join it would wait out the whole timeout.
constexpr std::chrono::seconds kGraceAfterFailure{15};

extern "C" void onLauncherSignal(int) { g_interrupts = g_interrupts + 1; }

pid_t startRank(const LocalLaunch& launch, int rank, int port) {
  std::vector<std::string> args{"h4h"};
  args.insert(args.end(), launch.args.begin(), launch.args.end());
  for (const std::string& extra :
       {"--rank=" + std::to_string(rank), "--world-size=" + std::to_string(launch.processes),
        std::string("--master-addr=127.0.0.1"), "--master-port=" + std::to_string(port),
        "--threads=" + std::to_string(launch.threadsPerProcess)})
    args.push_back(extra);
  if (rank > 0) args.push_back("--quiet");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The environment with LOCAL_RANK (one GPU per rank, where there are GPUs), built
  // before fork: the child of a threaded process may only make async-signal-safe calls.
  std::vector<std::string> env{"LOCAL_RANK=" + std::to_string(rank)};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "LOCAL_RANK=", 11) != 0) env.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  static const char kExecFailed[] = "h4h: cannot start a rank (exec failed)\n";
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("cannot start a rank: ") + std::strerror(errno));
  if (pid == 0) {
    // Its own process group: a terminal's Ctrl-C reaches the launcher alone, which
    // passes it on exactly once (a second SIGINT would abort a rank without saving).
    ::setpgid(0, 0);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::execve("/proc/self/exe", argv.data(), envp.data());
    (void)!::write(STDERR_FILENO, kExecFailed, sizeof kExecFailed - 1);
    ::_exit(127);
  }
  return pid;
}

std::string describeExit(int status) {
  if (WIFSIGNALED(status)) return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) +
                                  " (" + strsignal(WTERMSIG(status)) + ")";
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 1; }

}  // namespace

int runLocalRanks(const LocalLaunch& launch) {
  constexpr int kExitInterrupted = 130;
  const int port = freeLoopbackPort();
  struct sigaction action {};
  action.sa_handler = onLauncherSignal;  // no SA_RESTART: waiting wakes up on a signal
  sigemptyset(&action.sa_mask);
  struct sigaction oldInt {}, oldTerm {};
  g_interrupts = 0;
  ::sigaction(SIGINT, &action, &oldInt);
  ::sigaction(SIGTERM, &action, &oldTerm);

  std::vector<pid_t> pids;
  for (int rank = 0; rank < launch.processes; ++rank) pids.push_back(startRank(launch, rank, port));
  std::vector<bool> running(pids.size(), true);
  int live = launch.processes, result = 0, passedOn = 0, failedRank = -1;
  std::optional<Clock::time_point> killAt;
  auto signalAll = [&](int sig) {
    for (std::size_t r = 0; r < pids.size(); ++r)
      if (running[r]) ::kill(pids[r], sig);
  };
  while (live > 0) {
    if (g_interrupts > passedOn) {
      passedOn = g_interrupts;
      signalAll(passedOn == 1 ? SIGINT : SIGKILL);
      if (passedOn == 1)
        std::cerr << "\n" << launch.command << ": interrupted: every rank finishes its step, rank 0 saves; "
                  << "Ctrl-C again to abort\n";
    }
    if (killAt && Clock::now() >= *killAt) {
      std::cerr << launch.command << ": the other ranks did not stop within " << kGraceAfterFailure.count()
                << " s of rank " << failedRank << "'s failure; killing them\n";
      signalAll(SIGKILL);
      killAt.reset();
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    std::size_t rank = 0;
    while (rank < pids.size() && pids[rank] != pid) ++rank;
    if (rank == pids.size()) continue;
    running[rank] = false;
    --live;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (ok) continue;
    if (passedOn > 0) {
      // Interrupted: a rank that stopped at another point than rank 0 fails its next
      // collective; that is part of the stop, not a fault.
      if (result == 0) result = kExitInterrupted;
      continue;
    }
    if (failedRank < 0) {
      failedRank = static_cast<int>(rank);
      result = exitCode(status);
      if (result == 0 || result == kExitInterrupted) result = 1;
      std::cerr << launch.command << ": rank " << rank << " (pid " << pid << ") " << describeExit(status)
                << (live > 0 ? "; waiting for the other ranks to stop" : "") << "\n";
      killAt = Clock::now() + kGraceAfterFailure;
    }
  }
  ::sigaction(SIGINT, &oldInt, nullptr);
  ::sigaction(SIGTERM, &oldTerm, nullptr);
  return result;
}

void withDistOptions(Command& command, const std::string& what) {
  const std::vector<OptionSpec> options = {
      {"nproc", "N", "data-parallel: start N ranks on this machine that share " + what +
                         " (threads split between them)"},
      {"rank", "R", "data-parallel: this process's rank (env RANK)"},
      {"world-size", "W", "data-parallel: number of ranks (env WORLD_SIZE)"},
      {"master-addr", "HOST", "data-parallel: rank 0's host (env MASTER_ADDR; default 127.0.0.1)"},
      {"master-port", "PORT", "data-parallel: rank 0's rendezvous port (env MASTER_PORT; default 29500)"},
      {"dist-timeout", "S", "data-parallel: seconds to wait for the other ranks before failing, naming "
                            "them (env H4H_DIST_TIMEOUT; default 300)"}};
  command.options.insert(command.options.end(), options.begin(), options.end());
}

DistConfig distConfigFromArgs(const ParsedArgs& args) {
  DistConfig dist = distConfigFromEnvironment(DistConfig{}, [](const char* name) { return std::getenv(name); });
  dist.rank = static_cast<int>(args.intOr("rank", dist.rank, 0, 1 << 20));
  dist.worldSize = static_cast<int>(args.intOr("world-size", dist.worldSize, 1, 1 << 20));
  dist.masterAddr = args.valueOr("master-addr", dist.masterAddr);
  dist.masterPort = static_cast<int>(args.intOr("master-port", dist.masterPort, 1, 65535));
  dist.timeoutSeconds = args.doubleOr("dist-timeout", dist.timeoutSeconds, kMinDistTimeout, kMaxDistTimeout);
  validateDistConfig(dist);
  return dist;
}

int launchRanks(const Command& command, const ParsedArgs& args, int processes) {
  for (const char* rankOption : {"rank", "world-size", "master-addr", "master-port"})
    if (args.has(rankOption))
      throw InputError(std::string("--") + rankOption + ": --nproc starts the ranks itself; give one or the other");
  LocalLaunch launch;
  launch.command = "h4h " + command.name;
  launch.processes = processes;
  const int cores = configureTorchThreads(static_cast<int>(args.intOr("threads", 0, 1, 1024)));
  launch.threadsPerProcess = std::max(1, cores / processes);
  launch.args = {command.name};
  launch.args.insert(launch.args.end(), args.positionals.begin(), args.positionals.end());
  for (const auto& [name, value] : args.options) {
    if (name == "nproc" || name == "threads") continue;
    const bool flag = std::any_of(command.options.begin(), command.options.end(),
                                  [&](const OptionSpec& o) { return o.name == name && o.valueName.empty(); }) ||
                      name == "quiet" || name == "json-progress";
    launch.args.push_back(flag ? "--" + name : "--" + name + "=" + value);
  }
  return runLocalRanks(launch);
}

}  // namespace h4h::cli
