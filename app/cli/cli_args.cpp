#include "cli/cli_args.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cctype>
#include <cstdlib>
#include <map>

#include "util/errors.h"

namespace h4h::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

std::string ParsedArgs::valueOr(const std::string& name, const std::string& fallback) const {
  auto v = value(name);
  return v ? *v : fallback;
}

long long ParsedArgs::intOr(const std::string& name, long long fallback, long long min,
                            long long max) const {
  auto v = value(name);
  if (!v) return fallback;
  errno = 0;
  char* end = nullptr;
  long long x = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno == ERANGE)
    throw InputError("--" + name + ": must be an integer (" + *v + ")");
  if (x < min || x > max)
    throw InputError("--" + name + ": must be in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "] (" + *v + ")");
  return x;
}

double ParsedArgs::doubleOr(const std::string& name, double fallback, double min,
                            double max) const {
  auto v = value(name);
  if (!v) return fallback;
  char* end = nullptr;
  double x = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0' || !std::isfinite(x))
    throw InputError("--" + name + ": must be a number (" + *v + ")");
  if (x < min || x > max)
    throw InputError("--" + name + ": must be in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "] (" + *v + ")");
  return x;
}

const std::string& ParsedArgs::project() const {
  if (positionals.empty()) throw InputError("missing PROJECT argument");
  return positionals.front();
}

const std::vector<OptionSpec>& commonOptions() {
  static const std::vector<OptionSpec> kCommon = {
      {"threads", "N", "intra-op threads (default: all cores; env H4H_THREADS)"},
      {"quiet", "", "no progress output"},
      {"json-progress", "", "progress as JSON lines on stderr"},
      {"help", "", "show this help"},
  };
  return kCommon;
}

namespace {
bool spells(const OptionSpec& option, const std::string& name) {
  return option.name == name ||
         std::find(option.aliases.begin(), option.aliases.end(), name) != option.aliases.end();
}

const OptionSpec* findOption(const Command& command, const std::string& name) {
  for (const auto& o : command.options)
    if (spells(o, name)) return &o;
  for (const auto& o : commonOptions())
    if (spells(o, name)) return &o;
  return nullptr;
}
}  // namespace

ParsedArgs parseArgs(const Command& command, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  std::map<std::string, std::string> spelling;  // option name -> how it was given
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {  // ends the options: what follows is positional even if it starts with -
      parsed.positionals.insert(parsed.positionals.end(), args.begin() + static_cast<long>(i) + 1,
                                args.end());
      break;
    }
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2);
      std::string inlineValue;
      bool hasInline = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inlineValue = name.substr(eq + 1);
        name = name.substr(0, eq);
        hasInline = true;
      }
      const OptionSpec* spec = findOption(command, name);
      if (!spec) throw InputError("unknown option --" + name + " for '" + command.name + "'");
      const auto [given, first] = spelling.emplace(spec->name, name);
      if (!first && given->second != name)
        throw InputError("--" + given->second + " and --" + name + " are the same option: give one");
      std::string& value = parsed.options[spec->name];
      if (spec->valueName.empty()) {
        if (hasInline) throw InputError("option --" + name + " takes no value");
        value.clear();
      } else if (hasInline) {
        value = inlineValue;
      } else {
        if (i + 1 >= args.size())
          throw InputError("option --" + name + " needs a value " + spec->valueName);
        value = args[++i];
      }
    } else if (a == "-h") {
      parsed.options["help"] = "";
    } else if (a.size() > 1 && a[0] == '-' && !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.'))) {
      throw InputError("unknown option " + a + " for '" + command.name + "'");
    } else {
      parsed.positionals.push_back(a);
    }
  }
  return parsed;
}

std::string commandHelp(const Command& command) {
  std::string s = "usage: h4h " + command.name + " " + command.usage + "\n\n" + command.summary + "\n";
  auto list = [&s](const std::vector<OptionSpec>& opts) {
    for (const auto& o : opts) {
      std::string left = "  --" + o.name + (o.valueName.empty() ? "" : " " + o.valueName);
      if (left.size() < 26) left.resize(26, ' ');
      else left += "  ";
      std::string also;
      for (const std::string& alias : o.aliases) also += (also.empty() ? " (also --" : ", --") + alias;
      s += left + o.help + (also.empty() ? "" : also + ")") + "\n";
    }
  };
  if (!command.options.empty()) {
    s += "\noptions:\n";
    list(command.options);
  }
  s += "\ncommon options:\n";
  list(commonOptions());
  return s;
}

}  // namespace h4h::cli
