#include "data/file_bytes.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

#include "util/errors.h"

namespace h4h {

bool fileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<std::uint8_t> readFileBytes(const std::string& path) {
  if (!fileExists(path)) throw InputError(path + ": file not found");
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  gzbuffer(file, 1 << 17);
  std::vector<std::uint8_t> bytes;
  constexpr unsigned kChunk = 1u << 20;
  for (;;) {
    const std::size_t old = bytes.size();
    bytes.resize(old + kChunk);
    const int n = gzread(file, bytes.data() + old, kChunk);
    if (n < 0) {
      int code = 0;
      const std::string message = gzerror(file, &code);
      gzclose(file);
      throw InputError(path + ": corrupt or truncated gzip data (" + message + ")");
    }
    bytes.resize(old + static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  // gzclose reports a stream that ended in the middle of a gzip member.
  const int rc = gzclose(file);
  if (rc != Z_OK)
    throw InputError(path + ": corrupt or truncated gzip data (zlib error " + std::to_string(rc) + ")");
  return bytes;
}

}  // namespace h4h
