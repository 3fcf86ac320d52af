#include "util/text_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <unistd.h>

#include "util/errors.h"

namespace h4h {

namespace {
std::string reason(int error) { return error != 0 ? std::strerror(error) : "write error"; }
}  // namespace

void writeTextFile(const std::string& path, const std::string& text) {
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw InputError("cannot write " + path + ": " + reason(errno));
  errno = 0;
  const std::size_t written = std::fwrite(text.data(), 1, text.size(), file);
  int error = written == text.size() ? 0 : (errno != 0 ? errno : EIO);
  if (error == 0) {
    errno = 0;
    if (std::fflush(file) != 0) error = errno != 0 ? errno : EIO;
  }
  errno = 0;
  // Closing reports errors of the last buffered write (and of NFS and the like).
  if (std::fclose(file) != 0 && error == 0) error = errno != 0 ? errno : EIO;
  if (error != 0) throw InputError("cannot write " + path + ": " + reason(error));
}

class CheckedStandardOutput::Buffer : public std::streambuf {
public:
  Buffer() { setp(m_data, m_data + sizeof m_data); }
  int error() const { return m_error; }

  bool drain() {
    const char* at = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0 && m_error == 0) {
      const ssize_t n = ::write(STDOUT_FILENO, at, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        m_error = n < 0 && errno != 0 ? errno : EIO;
        break;
      }
      at += n;
      left -= static_cast<std::size_t>(n);
    }
    // After an error the rest is dropped: the command fails at finish() anyway.
    setp(m_data, m_data + sizeof m_data);
    return m_error == 0;
  }

protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

private:
  char m_data[1 << 16];
  int m_error = 0;
};

CheckedStandardOutput::CheckedStandardOutput() : m_buffer(new Buffer) {
  std::fflush(stdout);  // anything printed through stdio before stays in order
  m_previous = std::cout.rdbuf(m_buffer);
  // On a terminal, lines appear as they are written (interleaved with stderr).
  m_previousUnitbuf = (std::cout.flags() & std::ios::unitbuf) != 0;
  if (::isatty(STDOUT_FILENO)) std::cout.setf(std::ios::unitbuf);
}

CheckedStandardOutput::~CheckedStandardOutput() {
  m_buffer->drain();
  std::cout.rdbuf(m_previous);
  if (!m_previousUnitbuf) std::cout.unsetf(std::ios::unitbuf);
  std::cout.clear();
  delete m_buffer;
}

void CheckedStandardOutput::finish() {
  m_buffer->drain();
  if (m_buffer->error() != 0) {
    std::cout.clear();
    throw InputError("cannot write standard output: " + reason(m_buffer->error()));
  }
}

}  // namespace h4h
