#include "util/csv_record.h"

#include <cctype>

namespace h4h {

std::string trimmed(const std::string& text) {
  std::size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return text.substr(b, e - b);
}

bool splitCsvRecord(const std::string& line, std::vector<std::string>& fields, std::string& problem) {
  fields.clear();
  std::size_t end = line.size();
  if (end > 0 && line[end - 1] == '\r') --end;
  std::string field;
  std::size_t i = 0;
  while (true) {
    field.clear();
    const std::size_t column = fields.size() + 1;
    if (i < end && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < end) {
        if (line[i] == '"') {
          if (i + 1 < end && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field += line[i++];
      }
      if (!closed) {
        problem = "column " + std::to_string(column) + ": quoted field not closed on this line";
        return false;
      }
      if (i < end && line[i] != ',') {
        problem = "column " + std::to_string(column) + ": text after the closing quote";
        return false;
      }
    } else {
      while (i < end && line[i] != ',') field += line[i++];
    }
    fields.push_back(field);
    if (i >= end) return true;
    ++i;  // the comma
  }
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace h4h
