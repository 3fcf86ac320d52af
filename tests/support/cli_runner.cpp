#include "support/cli_runner.h"

#include "support/test_paths.h"

namespace h4h::test {

CliRun runCli(const QStringList& args, int timeoutMs, const QString& stdoutFile) {
  return runCliIn(QString::fromStdString(sourceDir()), args, timeoutMs, stdoutFile);
}

CliRun runCliIn(const QString& dir, const QStringList& args, int timeoutMs,
                const QString& stdoutFile) {
  QProcess process;
  process.setWorkingDirectory(dir);
  if (!stdoutFile.isEmpty()) process.setStandardOutputFile(stdoutFile);
  process.start(QString::fromStdString(cliPath()), args);
  CliRun run;
  if (!process.waitForFinished(timeoutMs)) {
    process.kill();
    process.waitForFinished();
    run.err = "timed out";
    return run;
  }
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

}  // namespace h4h::test
