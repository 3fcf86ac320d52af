#include "study/study_result_json.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "util/errors.h"
#include "util/file_read.h"
#include "util/json_array.h"
#include "util/json_parse.h"

namespace h4h {

namespace {

namespace fs = std::filesystem;

Json nullableNumber(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json numbersJson(const std::vector<double>& values) {
  Json out = Json::array();
  for (double v : values) out.push_back(nullableNumber(v));
  return out;
}

/// A list of numbers or nulls (NaN).
std::vector<double> numbersFrom(JsonFields& f, const std::string& key) {
  std::vector<double> out;
  const Json* list = f.child(key);
  if (!list) return out;
  if (!list->is_array()) {
    f.errors().add(f.pathOf(key), "must be an array of numbers or nulls", describeJson(*list));
    return out;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& v = (*list)[i];
    if (v.is_number()) out.push_back(v.get<double>());
    else if (v.is_null()) out.push_back(std::nan(""));
    else f.errors().add(joinIndex(f.pathOf(key), i), "must be a number or null", describeJson(v));
  }
  return out;
}

std::vector<std::string> stringsFrom(JsonFields& f, const std::string& key) {
  std::vector<std::string> out;
  const Json* list = f.child(key);
  if (!list) return out;
  if (!list->is_array()) {
    f.errors().add(f.pathOf(key), "must be an array of strings", describeJson(*list));
    return out;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    if ((*list)[i].is_string()) out.push_back((*list)[i].get<std::string>());
    else f.errors().add(joinIndex(f.pathOf(key), i), "must be a string", describeJson((*list)[i]));
  }
  return out;
}

Json cellJson(const StudyCell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  return nullableNumber(std::get<double>(cell));
}

Json tableJson(const StudyTable& t) {
  Json columns = Json::array(), rows = Json::array();
  for (const StudyColumn& c : t.columns) columns.push_back({{"name", c.name}, {"unit", c.unit}});
  for (const auto& row : t.rows) {
    Json cells = Json::array();
    for (const StudyCell& cell : row) cells.push_back(cellJson(cell));
    rows.push_back(std::move(cells));
  }
  return Json{{"name", t.name}, {"title", t.title}, {"columns", columns}, {"rows", rows}, {"notes", t.notes}};
}

StudyColumn columnFrom(const Json& value, const std::string& path, ErrorList& errors) {
  StudyColumn c;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return c;
  c.name = f.getString("name", "", Need::Required);
  c.unit = f.getString("unit", "");
  return c;
}

std::vector<StudyCell> rowFrom(const Json& value, const std::string& path, ErrorList& errors,
                               std::size_t columns) {
  std::vector<StudyCell> row;
  if (!value.is_array()) {
    errors.add(path, "must be an array of cells", describeJson(value));
    return row;
  }
  if (value.size() != columns)
    errors.add(path, "must have one cell per column (" + std::to_string(columns) + ")",
               std::to_string(value.size()) + " cells");
  for (std::size_t i = 0; i < value.size(); ++i) {
    const Json& v = value[i];
    if (v.is_string()) row.emplace_back(v.get<std::string>());
    else if (v.is_number()) row.emplace_back(v.get<double>());
    else if (v.is_null()) row.emplace_back(std::nan(""));
    else errors.add(joinIndex(path, i), "must be a number, a string or null", describeJson(v));
  }
  return row;
}

StudyTable tableFrom(const Json& value, const std::string& path, ErrorList& errors) {
  StudyTable t;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return t;
  t.name = f.getString("name", "", Need::Required);
  t.title = f.getString("title", "");
  if (const Json* c = f.child("columns", Need::Required)) t.columns = readJsonArray(*c, f.pathOf("columns"), errors, &columnFrom);
  if (const Json* rows = f.child("rows", Need::Required)) {
    t.rows = readJsonArray(*rows, f.pathOf("rows"), errors, [&t](const Json& row, const std::string& p, ErrorList& e) {
      return rowFrom(row, p, e, t.columns.size());
    });
  }
  t.notes = stringsFrom(f, "notes");
  return t;
}

Json plotJson(const StudyPlot& p) {
  Json series = Json::array(), references = Json::array();
  for (const StudyPlotSeries& s : p.series)
    series.push_back({{"name", s.name}, {"x", numbersJson(s.x)}, {"y", numbersJson(s.y)}});
  for (const StudyReferenceLine& r : p.references) references.push_back({{"label", r.label}, {"y", r.y}});
  return Json{{"name", p.name},         {"title", p.title},   {"kind", studyPlotKindName(p.kind)},
              {"x_label", p.xLabel},    {"y_label", p.yLabel}, {"categories", p.categories},
              {"bins", p.bins},         {"series", series},   {"references", references}};
}

StudyPlotSeries seriesFrom(const Json& value, const std::string& path, ErrorList& errors) {
  StudyPlotSeries s;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return s;
  s.name = f.getString("name", "");
  s.x = numbersFrom(f, "x");
  s.y = numbersFrom(f, "y");
  return s;
}

StudyReferenceLine referenceFrom(const Json& value, const std::string& path, ErrorList& errors) {
  StudyReferenceLine r;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return r;
  r.label = f.getString("label", "");
  r.y = f.getDouble("y", 0.0, -1e300, 1e300, Need::Required);
  return r;
}

StudyPlot plotFrom(const Json& value, const std::string& path, ErrorList& errors) {
  StudyPlot p;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return p;
  p.name = f.getString("name", "", Need::Required);
  p.title = f.getString("title", "");
  const std::vector<std::string> kinds{studyPlotKindName(StudyPlotKind::Bars), studyPlotKindName(StudyPlotKind::Histogram),
                                       studyPlotKindName(StudyPlotKind::Scatter), studyPlotKindName(StudyPlotKind::Line)};
  const std::string kind = f.getEnum("kind", kinds[0], kinds, Need::Required);
  p.kind = static_cast<StudyPlotKind>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
  p.xLabel = f.getString("x_label", "");
  p.yLabel = f.getString("y_label", "");
  p.categories = stringsFrom(f, "categories");
  p.bins = static_cast<int>(f.getInt("bins", 10, 1, 10000));
  if (const Json* s = f.child("series")) p.series = readJsonArray(*s, f.pathOf("series"), errors, &seriesFrom);
  if (const Json* r = f.child("references"))
    p.references = readJsonArray(*r, f.pathOf("references"), errors, &referenceFrom);
  return p;
}

Json provenanceJson(const StudyProvenance& p) {
  return Json{{"project_path", p.projectPath}, {"project_hash", p.projectHash}, {"code_version", p.codeVersion},
              {"date", p.date},                {"seeds", p.seeds},              {"wall_seconds", p.wallSeconds}};
}

StudyProvenance provenanceFrom(const Json& value, const std::string& path, ErrorList& errors) {
  StudyProvenance p;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return p;
  p.projectPath = f.getString("project_path", "");
  p.projectHash = f.getString("project_hash", "");
  p.codeVersion = f.getString("code_version", "");
  p.date = f.getString("date", "");
  p.wallSeconds = f.getDouble("wall_seconds", 0.0, 0.0, 1e12);
  if (const Json* seeds = f.child("seeds")) {
    if (!seeds->is_array()) errors.add(f.pathOf("seeds"), "must be an array of seeds", describeJson(*seeds));
    else
      for (std::size_t i = 0; i < seeds->size(); ++i) {
        if ((*seeds)[i].is_number_unsigned()) p.seeds.push_back((*seeds)[i].get<std::uint64_t>());
        else errors.add(joinIndex(f.pathOf("seeds"), i), "must be a non-negative integer", describeJson((*seeds)[i]));
      }
  }
  return p;
}

}  // namespace

Json studyResultToJson(const StudyResult& r) {
  Json tables = Json::array(), plots = Json::array();
  for (const StudyTable& t : r.tables) tables.push_back(tableJson(t));
  for (const StudyPlot& p : r.plots) plots.push_back(plotJson(p));
  return Json{{"format", kStudyResultFormat},
              {"version", kStudyResultVersion},
              {"study", r.study},
              {"title", r.title},
              {"question", r.question},
              {"method", r.method},
              {"settings", r.settings.toJson()},
              {"tables", tables},
              {"plots", plots},
              {"headlines", writeJsonArray(r.headlines)},
              {"notes", r.notes},
              {"provenance", provenanceJson(r.provenance)}};
}

StudyResult studyResultFromJson(const Json& value, const std::string& path, ErrorList& errors) {
  StudyResult r;
  JsonFields f(value, path, errors);
  if (!f.isObject()) return r;
  f.getEnum("format", kStudyResultFormat, {kStudyResultFormat}, Need::Required);
  f.getInt("version", kStudyResultVersion, 1, kStudyResultVersion, Need::Required,
           "must be at most " + std::to_string(kStudyResultVersion) + " (written by a newer H4H Studio)");
  r.study = f.getString("study", "", Need::Required);
  r.title = f.getString("title", "");
  r.question = f.getString("question", "");
  r.method = f.getString("method", "");
  if (const Json* s = f.child("settings", Need::Required))
    r.settings = StudySettings::fromJson(*s, f.pathOf("settings"), errors);
  if (const Json* t = f.child("tables", Need::Required)) r.tables = readJsonArray(*t, f.pathOf("tables"), errors, &tableFrom);
  if (const Json* p = f.child("plots")) r.plots = readJsonArray(*p, f.pathOf("plots"), errors, &plotFrom);
  if (const Json* h = f.child("headlines"))
    r.headlines = readJsonArray(*h, f.pathOf("headlines"), errors, &StudyHeadline::fromJson);
  r.notes = stringsFrom(f, "notes");
  if (const Json* p = f.child("provenance")) r.provenance = provenanceFrom(*p, f.pathOf("provenance"), errors);
  return r;
}

StudyResult readStudyFolder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir + ": no such study folder (moved or deleted?)");
  const std::string file = (fs::path(dir) / kStudyResultFile).string();
  const Json json = parseJsonOrThrow(readInputFile(file, kMaxJsonSideFileBytes), file);
  ErrorList errors;
  StudyResult result = studyResultFromJson(json, "", errors);
  if (!errors.empty()) throw InputError(errors.prefixed(file));
  return result;
}

}  // namespace h4h
