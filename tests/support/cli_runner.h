#pragma once
// Runs the built `h4h` binary and captures its exit code and output.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace h4h::test {

struct CliRun {
  int exitCode = -1;
  QString out;
  QString err;
};

/// Runs h4h with `args` (working directory: the source tree), waiting up to timeoutMs.
/// With `stdoutFile`, standard output goes to that file (e.g. /dev/full) instead of `out`.
CliRun runCli(const QStringList& args, int timeoutMs = 120000, const QString& stdoutFile = {});
/// runCli in the working directory `dir`.
CliRun runCliIn(const QString& dir, const QStringList& args, int timeoutMs = 120000,
                const QString& stdoutFile = {});

}  // namespace h4h::test
