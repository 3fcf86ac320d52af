#include "data/file_bytes.h"

#include <zlib.h>

#include <algorithm>
#include <sys/stat.h>

#include "util/errors.h"

namespace h4h {

bool fileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

namespace {

bool isGzip(const std::uint8_t* p, std::size_t n) { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

struct Inflater {
  z_stream zs{};
  bool open = false;
  ~Inflater() {
    if (open) inflateEnd(&zs);
  }
};

}  // namespace

std::vector<std::uint8_t> decodeFileBytes(const std::string& raw, const std::string& path,
                                          const DecodeLimit& limit) {
  const auto* in = reinterpret_cast<const std::uint8_t*>(raw.data());
  if (!isGzip(in, raw.size())) {
    if (raw.size() > limit.maxBytes)
      throw InputError(path + ": is larger than the " + byteSizeText(limit.maxBytes) +
                       " limit for dataset files");
    return std::vector<std::uint8_t>(in, in + raw.size());
  }
  if (raw.size() > 0xffffffffu)  // zlib counts input in 32 bits
    throw InputError(path + ": is larger than the " + byteSizeText(0xffffffffu) +
                     " limit for gzip data");

  Inflater z;
  if (inflateInit2(&z.zs, 16 + MAX_WBITS) != Z_OK)
    throw InputError(path + ": cannot start gzip decompression");
  z.open = true;
  z.zs.next_in = const_cast<Bytef*>(in);
  z.zs.avail_in = static_cast<uInt>(raw.size());

  std::uint64_t cap = limit.maxBytes;
  std::string capReason = "the limit for dataset files";
  bool headerSeen = limit.headerBytes == 0 || !limit.declaredSize;
  std::vector<std::uint8_t> out;
  std::size_t produced = 0;
  for (;;) {
    if (produced == out.size()) {
      // Grow, but never past one byte more than allowed: that byte proves the excess.
      const std::uint64_t room = cap + 1 - produced;
      const std::size_t grow = static_cast<std::size_t>(
          std::min<std::uint64_t>(room, std::max<std::size_t>(out.size(), 1 << 16)));
      out.resize(produced + grow);
    }
    z.zs.next_out = out.data() + produced;
    z.zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, 1u << 30));
    const int rc = inflate(&z.zs, Z_NO_FLUSH);
    produced = static_cast<std::size_t>(z.zs.next_out - out.data());
    if (!headerSeen && produced >= limit.headerBytes) {
      headerSeen = true;
      const std::uint64_t declared = limit.declaredSize(out.data());
      if (declared < cap) {
        cap = declared;
        capReason = "the size " + limit.declaredBy + " declares";
      }
    }
    if (produced > cap)
      throw InputError(path + ": decompresses to more than " + byteSizeText(cap) + ", " +
                       capReason + " (a damaged file or a gzip bomb)");
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (as gzread reads them); other trailing bytes are
      // ignored, as gzread ignores them.
      if (!isGzip(z.zs.next_in, z.zs.avail_in)) break;
      inflateReset(&z.zs);
      continue;
    }
    if (rc == Z_BUF_ERROR && z.zs.avail_in == 0)
      throw InputError(path + ": corrupt or truncated gzip data (unexpected end of the stream)");
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw InputError(path + ": corrupt or truncated gzip data (" +
                       (z.zs.msg ? std::string(z.zs.msg) : "zlib error " + std::to_string(rc)) +
                       ")");
  }
  out.resize(produced);
  return out;
}

std::vector<std::uint8_t> readFileBytes(const std::string& path, const DecodeLimit& limit) {
  return decodeFileBytes(readInputFile(path, kMaxDatasetFileBytes), path, limit);
}

}  // namespace h4h
