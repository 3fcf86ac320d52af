#include "train/dist_config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "util/errors.h"

namespace h4h {

namespace {

long long envInteger(const char* name, const char* text, long long min, long long max) {
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text, &end, 10);
  if (*text == '\0' || *end != '\0' || errno == ERANGE || value < min || value > max)
    throw InputError(std::string(name) + ": must be a whole number in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "] (\"" + text + "\")");
  return value;
}

}  // namespace

DistConfig distConfigFromEnvironment(DistConfig base,
                                     const std::function<const char*(const char*)>& getenv) {
  constexpr long long kMaxRanks = 1 << 20;
  if (const char* v = getenv("WORLD_SIZE")) base.worldSize = static_cast<int>(envInteger("WORLD_SIZE", v, 1, kMaxRanks));
  if (const char* v = getenv("RANK")) base.rank = static_cast<int>(envInteger("RANK", v, 0, kMaxRanks));
  if (const char* v = getenv("LOCAL_RANK")) base.localRank = static_cast<int>(envInteger("LOCAL_RANK", v, 0, kMaxRanks));
  if (const char* v = getenv("MASTER_ADDR")) base.masterAddr = v;
  if (const char* v = getenv("MASTER_PORT")) base.masterPort = static_cast<int>(envInteger("MASTER_PORT", v, 1, 65535));
  if (const char* v = getenv("H4H_DIST_TIMEOUT")) {
    char* end = nullptr;
    const double seconds = std::strtod(v, &end);
    if (*v == '\0' || *end != '\0' || !std::isfinite(seconds))
      throw InputError(std::string("H4H_DIST_TIMEOUT: must be a number of seconds (\"") + v + "\")");
    base.timeoutSeconds = seconds;
  }
  return base;
}

void validateDistConfig(const DistConfig& config) {
  if (config.worldSize < 1)
    throw InputError("--world-size: must be at least 1 (" + std::to_string(config.worldSize) + ")");
  if (config.rank < 0 || config.rank >= config.worldSize)
    throw InputError("--rank: must be in [0, " + std::to_string(config.worldSize - 1) + "] for --world-size " +
                     std::to_string(config.worldSize) + " (" + std::to_string(config.rank) + ")");
  if (config.localRank < 0)
    throw InputError("LOCAL_RANK: must not be negative (" + std::to_string(config.localRank) + ")");
  if (config.masterPort < 1 || config.masterPort > 65535)
    throw InputError("--master-port: must be in [1, 65535] (" + std::to_string(config.masterPort) + ")");
  if (config.masterAddr.empty()) throw InputError("--master-addr: must name rank 0's host (\"\")");
  if (!(config.timeoutSeconds >= kMinDistTimeout && config.timeoutSeconds <= kMaxDistTimeout)) {
    std::ostringstream text;
    text << "--dist-timeout: must be in [" << kMinDistTimeout << ", " << kMaxDistTimeout << "] seconds ("
         << config.timeoutSeconds << ")";
    throw InputError(text.str());
  }
}

int freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(errno));
  return ntohs(address.sin_port);
}

}  // namespace h4h
