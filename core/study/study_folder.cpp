#include "study/study_folder.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "study/study_result_json.h"
#include "util/csv_record.h"
#include "util/errors.h"

namespace h4h {

namespace {

namespace fs = std::filesystem;

std::string formatNumber(double v, const char* format) {
  if (!std::isfinite(v)) return std::isnan(v) ? "" : (v > 0 ? "inf" : "-inf");
  char text[40];
  std::snprintf(text, sizeof text, format, v);
  return text;
}

std::string headerOf(const StudyColumn& c) { return c.unit.empty() ? c.name : c.name + " [" + c.unit + "]"; }

/// Markdown cells: percentages and points to 2 decimals, other numbers (milliseconds of
/// tiny nets included) to 4 significant digits.
std::string markdownCell(const StudyCell& cell, const std::string& unit) {
  if (const auto* s = std::get_if<std::string>(&cell)) return s->empty() ? " " : *s;
  const double v = std::get<double>(cell);
  if (std::isnan(v)) return "–";
  const bool fixed = unit == "%" || unit == "pp";
  return formatNumber(v == 0.0 ? 0.0 : v, fixed ? "%.2f" : "%.4g");  // no "-0.00"
}

void markdownTable(std::ostringstream& out, const StudyTable& t) {
  out << "## " << (t.title.empty() ? t.name : t.title) << "\n\n";
  out << "|";
  for (const auto& c : t.columns) out << " " << headerOf(c) << " |";
  out << "\n|";
  for (const auto& c : t.columns) out << (c.unit.empty() ? "---|" : "---:|");
  out << "\n";
  for (const auto& row : t.rows) {
    out << "|";
    for (std::size_t i = 0; i < row.size() && i < t.columns.size(); ++i)
      out << " " << markdownCell(row[i], t.columns[i].unit) << " |";
    out << "\n";
  }
  out << "\n";
  for (const auto& n : t.notes) out << "- " << n << "\n";
  if (!t.notes.empty()) out << "\n";
  out << "(`" << t.name << ".csv`)\n\n";
}

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(path.string() + ": could not be written");
}

std::string utcStamp(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

}  // namespace

std::string defaultStudyFolder(const Project& project, const std::string& study,
                               std::chrono::system_clock::time_point when) {
  return (fs::path(project.artifactDir()) / "studies" / (study + "-" + utcStamp(when))).string();
}

std::string studyTableCsv(const StudyTable& table) {
  std::ostringstream out;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    out << (i ? "," : "") << csvField(headerOf(table.columns[i]));
  out << "\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out << ",";
      if (const auto* s = std::get_if<std::string>(&row[i])) out << csvField(*s);
      else out << formatNumber(std::get<double>(row[i]), "%.17g");
    }
    out << "\n";
  }
  return out.str();
}

std::string studyMarkdown(const StudyResult& r) {
  std::ostringstream out;
  out << "# Study `" << r.study << "`: " << r.title << "\n\n";
  if (!r.question.empty()) out << "**Question.** " << r.question << "\n\n";
  if (!r.method.empty()) out << "**Method.** " << r.method << "\n\n";
  const StudyProvenance& p = r.provenance;
  out << "| setting | value |\n|---|---|\n";
  out << "| project | " << p.projectPath << " |\n";
  out << "| project hash (FNV-1a 64) | " << (p.projectHash.empty() ? "(unsaved)" : p.projectHash) << " |\n";
  out << "| code version | " << p.codeVersion << " |\n";
  out << "| date (UTC) | " << p.date << " |\n";
  out << "| seeds | ";
  for (std::size_t i = 0; i < p.seeds.size(); ++i) out << (i ? ", " : "") << p.seeds[i];
  out << " |\n";
  out << "| quick | " << (r.settings.quick ? "yes" : "no") << " |\n";
  if (!r.settings.budget.empty()) out << "| budget | " << r.settings.budget << " |\n";
  out << "| wall time | " << formatNumber(p.wallSeconds, "%.1f") << " s |\n\n";
  out << "Re-run: `h4h study " << p.projectPath << " " << r.study << " --seeds " << r.settings.seeds
      << " --base-seed " << r.settings.baseSeed << (r.settings.quick ? " --quick" : "")
      << (r.settings.budget.empty() ? "" : " --budget " + r.settings.budget) << "`\n\n";
  if (!r.headlines.empty()) {
    out << "## Headline numbers beside the seed paper's\n\n| figure | this study | seed paper |\n|---|---:|---:|\n";
    for (const auto& h : r.headlines) {
      out << "| " << h.name << " | " << headlineText(h.value, h.unit) << " | "
          << headlineText(h.seed, h.unit) << " |\n";
    }
    out << "\n";
  }
  for (const auto& t : r.tables) markdownTable(out, t);
  for (const auto& plot : r.plots) out << "![" << plot.title << "](" << plot.name << ".png)\n\n";
  if (!r.notes.empty()) {
    out << "## Notes\n\n";
    for (const auto& n : r.notes) out << "- " << n << "\n";
    out << "\n";
  }
  return out.str();
}

std::vector<std::string> writeStudyFolder(const StudyResult& result, const std::string& dir,
                                          StudyPlotter* plotter, const std::string& argument) {
  const fs::path target(dir);
  std::error_code ec;
  if (fs::exists(target, ec))
    throw InputError(argument + ": the study folder already exists; choose another (" + dir + ")");
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  fs::create_directories(parent, ec);
  if (ec) throw std::runtime_error(parent.string() + ": could not be created (" + ec.message() + ")");
  std::random_device random;
  const fs::path temp = parent / ("." + target.filename().string() + ".tmp-" + std::to_string(random()));
  fs::create_directory(temp, ec);
  if (ec) throw std::runtime_error(temp.string() + ": could not be created (" + ec.message() + ")");
  std::vector<std::string> problems;
  try {
    writeText(temp / "study.md", studyMarkdown(result));
    writeText(temp / kStudyResultFile, studyResultToJson(result).dump(1) + "\n");
    for (const auto& t : result.tables) writeText(temp / (t.name + ".csv"), studyTableCsv(t));
    if (plotter) problems = plotter->drawPngs(result, temp.string());
    fs::rename(temp, target);
  } catch (...) {
    fs::remove_all(temp, ec);
    throw;
  }
  return problems;
}

}  // namespace h4h
