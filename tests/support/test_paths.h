#pragma once
// Paths the test executables need, fixed at configure time.
#include <string>

namespace h4h::test {
inline std::string sourceDir() { return H4H_SOURCE_DIR; }
inline std::string dataDir() { return H4H_TEST_DATA_DIR; }
inline std::string cliPath() { return H4H_CLI_PATH; }
inline std::string studioPath() { return H4H_STUDIO_PATH; }
inline std::string projectPath(const std::string& name) { return sourceDir() + "/projects/" + name; }
}  // namespace h4h::test
