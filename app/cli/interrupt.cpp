#include "cli/interrupt.h"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace h4h::cli {

namespace {
std::atomic<CancelToken*> g_token{nullptr};
std::atomic<int> g_signals{0};

extern "C" void onInterrupt(int) {
  if (g_signals.fetch_add(1) >= 1) _exit(130);
  static const char kMsg[] = "\ninterrupted: finishing the current step and saving; Ctrl-C again to abort\n";
  (void)!::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  if (CancelToken* t = g_token.load()) t->cancel();
}
}  // namespace

InterruptGuard::InterruptGuard(CancelToken& token) {
  g_signals = 0;
  g_token = &token;
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  g_token = nullptr;
}

}  // namespace h4h::cli
