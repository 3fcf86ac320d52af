#pragma once
// Paths the test executables need, fixed at configure time.
#include <fstream>
#include <sstream>
#include <string>

namespace h4h::test {
inline std::string sourceDir() { return H4H_SOURCE_DIR; }
inline std::string dataDir() { return H4H_TEST_DATA_DIR; }
inline std::string cliPath() { return H4H_CLI_PATH; }
inline std::string studioPath() { return H4H_STUDIO_PATH; }
inline std::string projectPath(const std::string& name) { return sourceDir() + "/projects/" + name; }
/// A tiny project with two finished runs as `h4h train` of format version 1 saved it.
inline std::string trainedProjectPath() { return dataDir() + "/projects/tiny_trained.h4h"; }
/// A file's bytes ("" when it cannot be read).
inline std::string fileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace h4h::test
