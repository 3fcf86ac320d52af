#pragma once
/// One record of a CSV file as Python's csv module writes it (RFC 4180): fields split
/// at commas, a field in double quotes may hold commas, and "" inside quotes is one
/// quote. Tools such as Arm's Vela write their reports this way (quoting names that
/// hold a comma), so a plain split at commas would shift every later column.

#include <string>
#include <vector>

namespace h4h {

/// Splits `line` (without its line break; a trailing '\r' is dropped) into `fields`.
/// On malformed quoting returns false with `problem` naming the column (1-based) and
/// what is wrong, e.g. "column 3: text after the closing quote".
bool splitCsvRecord(const std::string& line, std::vector<std::string>& fields, std::string& problem);

/// `text` without leading and trailing white space (fields written by hand: "a, b").
std::string trimmed(const std::string& text);

/// `text` as one CSV field: in double quotes (inner quotes doubled) when it holds a
/// comma, a quote or a line break, as is otherwise.
std::string csvField(const std::string& text);

}  // namespace h4h
