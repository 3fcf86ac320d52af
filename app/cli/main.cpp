// h4h: the headless command-line front end of H4H Studio. It parses arguments,
// builds core objects and runs the same jobs the studio runs.

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "model/torch_runtime.h"
#include "util/errors.h"

namespace {

void printUsage(std::ostream& out) {
  out << "usage: h4h COMMAND PROJECT [options]\n"
         "       h4h --help | --version\n\n"
         "H4H Studio's engine: hardware-aware search of hybrid CNN/ViT models\n"
         "for NPU + compute-in-memory systems.\n\ncommands:\n";
  for (const auto& c : h4h::cli::allCommands()) {
    std::string name = "  " + c.name;
    name.resize(14, ' ');
    out << name << c.summary << "\n";
  }
  out << "\n'h4h COMMAND --help' shows a command's options; '--' ends the options\n"
         "(h4h validate -- -name.h4h).\n"
         "Exit status: 0 success, 2 bad input, 1 failure.\n";
}

/// Exit status after printing help or the version: output lost to a full disk or a
/// closed pipe is reported like any other output the user asked for.
int finishStandardOutput() {
  std::cout.flush();
  if (std::cout.good() && std::fflush(stdout) == 0) return 0;
  std::cerr << "h4h: cannot write standard output\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    printUsage(std::cerr);
    return 2;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    printUsage(std::cout);
    return finishStandardOutput();
  }
  if (first == "--version") {
    std::cout << "h4h " << H4H_VERSION << "\n";
    return finishStandardOutput();
  }
  const h4h::cli::Command* command = nullptr;
  for (const auto& c : h4h::cli::allCommands())
    if (c.name == first) command = &c;
  if (!command) {
    std::cerr << "h4h: unknown command '" << first << "'\n\n";
    printUsage(std::cerr);
    return 2;
  }
  try {
    h4h::cli::ParsedArgs parsed =
        h4h::cli::parseArgs(*command, std::vector<std::string>(args.begin() + 1, args.end()));
    if (parsed.has("help")) {
      std::cout << h4h::cli::commandHelp(*command);
      return finishStandardOutput();
    }
    h4h::configureAllocator();
    h4h::configureTorchThreads(static_cast<int>(parsed.intOr("threads", 0, 1, 1024)));
    return command->run(parsed);
  } catch (const h4h::InputError& e) {
    std::cerr << "h4h " << command->name << ": " << e.what() << "\n";
    if (std::string(e.what()).find("option") != std::string::npos ||
        std::string(e.what()).find("argument") != std::string::npos)
      std::cerr << "usage: h4h " << command->name << " " << command->usage << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "h4h " << command->name << ": error: " << e.what() << "\n";
    return 1;
  }
}
