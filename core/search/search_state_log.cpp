#include "search/search_state_log.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include "util/errors.h"
#include "util/file_read.h"
#include "util/json_parse.h"

namespace h4h {

namespace fs = std::filesystem;

namespace {

std::uint32_t checksum(const char* data, std::size_t size) {
  return static_cast<std::uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data), static_cast<uInt>(size)));
}

[[noreturn]] void ioError(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void writeAll(int fd, const std::string& text, const std::string& path) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ioError("cannot write", path);
    }
    written += static_cast<std::size_t>(n);
  }
}

void syncFolder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// Parses the record starting at `pos`; false when it is torn or damaged.
bool nextRecord(const std::string& text, std::size_t& pos, Json& payload) {
  std::size_t cursor = pos;
  auto number = [&](int base, std::uint64_t& out) {
    const std::size_t start = cursor;
    out = 0;
    while (cursor < text.size() && cursor - start < 16 && std::isxdigit(static_cast<unsigned char>(text[cursor]))) {
      const char c = text[cursor];
      const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10);
      if (digit >= base) return false;
      out = out * base + static_cast<std::uint64_t>(digit);
      ++cursor;
    }
    return cursor > start && cursor < text.size() && text[cursor++] == ' ';
  };
  std::uint64_t length = 0, crc = 0;
  if (!number(10, length) || !number(16, crc)) return false;
  if (length > text.size() - cursor || cursor + length >= text.size() || text[cursor + length] != '\n')
    return false;
  if (checksum(text.data() + cursor, length) != crc) return false;
  payload = Json::parse(text.begin() + static_cast<std::ptrdiff_t>(cursor),
                        text.begin() + static_cast<std::ptrdiff_t>(cursor + length), nullptr, false);
  if (payload.is_discarded()) return false;
  pos = cursor + length + 1;
  return true;
}

}  // namespace

std::string searchLogRecord(const std::string& body) {
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08x", checksum(body.data(), body.size()));
  return std::to_string(body.size()) + " " + crc + " " + body + "\n";
}

SearchStateLoad readSearchStateLog(const std::string& path) {
  std::string text, problem;
  if (!tryReadInputFile(path, std::uint64_t(1) << 34, text, problem)) throw InputError(path + ": " + problem);
  SearchStateLoad out;
  std::size_t pos = 0;
  Json payload;
  if (!nextRecord(text, pos, payload))
    throw InputError(path + ": not a search state (its first record is missing or damaged)");
  ErrorList errors;
  out.state.header = searchHeaderFromJson(payload, "header", errors);
  if (!errors.empty()) throw InputError(errors.prefixed(path));
  out.validBytes = pos;
  while (nextRecord(text, pos, payload)) {
    SearchStep step = searchStepFromJson(payload, "record", errors);
    if (!errors.empty()) break;  // written by a damaged or foreign writer: treat as the tail
    out.state.apply(std::move(step));
    out.validBytes = pos;
  }
  out.ignoredBytes = text.size() - out.validBytes;
  return out;
}

SearchStateLog SearchStateLog::create(const std::string& path, const SearchStateHeader& header,
                                      const std::vector<SearchStep>& steps) {
  const fs::path target(path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw std::runtime_error("cannot create " + target.parent_path().string() + ": " + ec.message());
  std::random_device rd;
  const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(rd()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) ioError("cannot write", temp.string());
  SearchStateLog log(temp.string(), fd);
  try {
    std::string text =
        searchLogRecord(searchHeaderToJson(header).dump(-1, ' ', false, Json::error_handler_t::replace));
    for (const auto& step : steps) text += searchLogRecord(searchStepText(step));
    writeAll(fd, text, temp.string());
    if (::fsync(fd) != 0) ioError("cannot flush", temp.string());
    if (::rename(temp.c_str(), target.c_str()) != 0) ioError("cannot replace " + path + " with", temp.string());
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  syncFolder(target.parent_path());
  log.m_path = path;
  return log;
}

SearchStateLog SearchStateLog::openForAppend(const std::string& path, std::uint64_t validBytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) ioError("cannot open", path);
  SearchStateLog log(path, fd);
  // A torn tail would otherwise sit between the valid records and the new ones.
  if (::ftruncate(fd, static_cast<off_t>(validBytes)) != 0) ioError("cannot truncate", path);
  if (::lseek(fd, 0, SEEK_END) < 0) ioError("cannot seek in", path);
  return log;
}

SearchStateLog::SearchStateLog(SearchStateLog&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(other.m_fd) {
  other.m_fd = -1;
}

SearchStateLog& SearchStateLog::operator=(SearchStateLog&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_path = std::move(other.m_path);
    m_fd = other.m_fd;
    other.m_fd = -1;
  }
  return *this;
}

SearchStateLog::~SearchStateLog() {
  if (m_fd >= 0) ::close(m_fd);
}

void SearchStateLog::append(const SearchStep& step) {
  writeAll(m_fd, searchLogRecord(searchStepText(step)), m_path);
  if (::fdatasync(m_fd) != 0) ioError("cannot flush", m_path);
}

void writeSearchStateLog(const std::string& path, const SearchState& state) {
  SearchStateLog::create(path, state.header, {state.wholeStep()});
}

}  // namespace h4h
