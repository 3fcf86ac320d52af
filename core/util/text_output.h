#pragma once
/// Writing outputs the user asked for (CSV, JSON, trace and report files, standard
/// output) so that a failed write is never silent: a full disk or a closed pipe ends in
/// an error naming the file instead of an exit 0 with nothing written.

#include <streambuf>
#include <string>

namespace h4h {

/// Writes `text` to `path`, created or truncated, and checks every step (open, write,
/// flush, close). Not atomic on purpose: the path may be a device or a pipe
/// (/dev/stdout, a FIFO), which a rename would replace. Throws InputError "cannot write
/// PATH: reason" when the path cannot be opened or the writing fails (no space left, I/O
/// error): the destination the user named cannot take the output, so the CLI exits 2
/// with that message.
void writeTextFile(const std::string& path, const std::string& text);

/// While alive, std::cout writes to file descriptor 1 through a buffer that keeps the
/// first write error with its reason (stdio forgets it: by the end of a long CSV, errno
/// says nothing). finish() flushes and reports; the destructor restores std::cout.
class CheckedStandardOutput {
public:
  CheckedStandardOutput();
  ~CheckedStandardOutput();
  CheckedStandardOutput(const CheckedStandardOutput&) = delete;
  CheckedStandardOutput& operator=(const CheckedStandardOutput&) = delete;

  /// Flushes; throws InputError "cannot write standard output: reason" when
  /// anything written through it was lost.
  void finish();

private:
  class Buffer;
  Buffer* m_buffer;
  std::streambuf* m_previous;
  bool m_previousUnitbuf;
};

}  // namespace h4h
