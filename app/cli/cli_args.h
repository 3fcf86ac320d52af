#pragma once
// Command-line parsing for `h4h`: one subcommand, positionals, and --options
// declared by each command (unknown options are usage errors, exit 2).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace h4h::cli {

struct OptionSpec {
  std::string name;        ///< without the leading "--"
  std::string valueName;   ///< empty for a flag, e.g. "N" for --frames N
  std::string help;
  /// Older spellings still accepted (stored under `name`; giving two spellings is an error).
  std::vector<std::string> aliases = {};
};

class ParsedArgs {
public:
  std::vector<std::string> positionals;
  std::map<std::string, std::string> options;  ///< flags map to ""

  bool has(const std::string& name) const { return options.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::string valueOr(const std::string& name, const std::string& fallback) const;
  /// Integer option in [min, max]; throws InputError naming the option otherwise.
  long long intOr(const std::string& name, long long fallback, long long min, long long max) const;
  double doubleOr(const std::string& name, double fallback, double min, double max) const;
  /// The project path (first positional); throws InputError when missing.
  const std::string& project() const;
};

struct Command {
  std::string name;
  std::string summary;
  std::string usage;                 ///< e.g. "PROJECT [--arch KEY] [--resolution N]"
  std::vector<OptionSpec> options;
  std::function<int(const ParsedArgs&)> run;
};

/// Options every command accepts (--threads, --quiet, --json-progress, --help).
const std::vector<OptionSpec>& commonOptions();

/// Parses argv after the command name; throws InputError on unknown options or missing values.
/// "--" ends the options: every later argument is a positional (`h4h validate -- -p.h4h`).
ParsedArgs parseArgs(const Command& command, const std::vector<std::string>& args);

std::string commandHelp(const Command& command);

}  // namespace h4h::cli
