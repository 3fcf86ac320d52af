#include "search/search_state.h"

#include <algorithm>

namespace h4h {

void SearchState::apply(SearchStep step) {
  for (auto& [key, metrics] : step.evaluations) cache.insert_or_assign(key, std::move(metrics));
  if (!step.engine.is_null()) {
    if (auto it = step.engine.find("seen"); it != step.engine.end()) {
      // A whole-state record: its engine carries the complete set.
      seen.clear();
      if (it->is_array())
        for (const auto& k : *it)
          if (k.is_string()) seen.push_back(k.get<std::string>());
      step.engine.erase("seen");
    }
    engine = std::move(step.engine);
    seen.insert(seen.end(), step.seenAdded.begin(), step.seenAdded.end());
  }
  for (auto& h : step.history) history.push_back(std::move(h));
}

int SearchState::generation() const {
  if (!engine.is_object()) return -1;
  auto it = engine.find("generation");
  return it != engine.end() && it->is_number_integer() ? it->get<int>() : -1;
}

SearchStep SearchState::wholeStep() const {
  SearchStep whole;
  whole.evaluations.assign(cache.begin(), cache.end());
  whole.engine = engineState();
  whole.history = history;
  return whole;
}

Json SearchState::engineState() const {
  if (engine.is_null()) return engine;
  Json j = engine;
  if (!seen.empty()) {
    std::vector<std::string> sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    j["seen"] = std::move(sorted);
  }
  return j;
}

namespace {

/// Every member of an object of metric objects, in key order.
void readEvaluations(JsonFields& f, const char* key, std::vector<std::pair<std::string, ArchMetrics>>& out) {
  const Json* c = f.child(key, Need::Required);
  if (!c) return;
  if (!c->is_object()) {
    f.errors().add(f.pathOf(key), "must be an object", describeJson(*c));
    return;
  }
  out.reserve(out.size() + c->size());
  for (auto it = c->begin(); it != c->end(); ++it) {
    if (!it->is_object())
      f.errors().add(joinPath(f.pathOf(key), it.key()), "must be an object", describeJson(*it));
    else out.emplace_back(it.key(), ArchMetrics::fromJson(*it));
  }
}

Json readHistory(JsonFields& f) {
  const Json* h = f.child("history");
  if (!h) return Json::array();
  if (h->is_array()) return *h;
  f.errors().add(f.pathOf("history"), "must be an array", describeJson(*h));
  return Json::array();
}

}  // namespace

Json searchHeaderToJson(const SearchStateHeader& h) {
  return Json{{"version", kSearchStateVersion}, {"settings", h.settings}, {"space", h.space},
              {"evaluator", h.evaluator},       {"accuracy", h.accuracy}, {"reference", h.reference},
              {"ideal", h.ideal}};
}

SearchStateHeader searchHeaderFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  SearchStateHeader h;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return h;
  f.getInt("version", 0, 1, kSearchStateVersion, Need::Required,
           "must be " + std::to_string(kSearchStateVersion) +
               " (a newer H4H Studio wrote this search; resume it there)");
  if (const Json* s = f.child("settings", Need::Required)) h.settings = *s;
  if (const Json* s = f.child("space", Need::Required)) h.space = *s;
  if (const Json* e = f.child("evaluator")) h.evaluator = *e;
  if (const Json* a = f.child("accuracy")) h.accuracy = *a;
  h.reference = f.getDoubleList("reference", {}, -1e300, 1e300, Need::Required);
  h.ideal = f.getDoubleList("ideal", {}, -1e300, 1e300, Need::Required);
  if (h.ideal.size() != h.reference.size())
    errors.add(f.pathOf("ideal"), "needs one value per objective (as many as reference)");
  return h;
}

std::string searchStepText(const SearchStep& step) {
  auto dump = [](const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); };
  std::string out = "{\"engine\":" + dump(step.engine) + ",\"evaluations\":{";
  for (const auto& [key, metrics] : step.evaluations) {
    out += dump(Json(key));
    out += ':';
    metrics.appendJson(out);
    out += ',';
  }
  if (!step.evaluations.empty()) out.pop_back();
  out += "},\"history\":" + dump(step.history) + ",\"seen_added\":" + dump(Json(step.seenAdded)) + "}";
  return out;
}

SearchStep searchStepFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  SearchStep step;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return step;
  readEvaluations(f, "evaluations", step.evaluations);
  if (const Json* e = f.child("engine", Need::Required)) {
    if (e->is_object() || e->is_null()) step.engine = *e;
    else errors.add(f.pathOf("engine"), "must be an object or null", describeJson(*e));
  }
  if (const Json* s = f.child("seen_added")) {
    if (!s->is_array()) errors.add(f.pathOf("seen_added"), "must be an array of keys", describeJson(*s));
    else
      for (const auto& k : *s)
        if (k.is_string()) step.seenAdded.push_back(k.get<std::string>());
  }
  step.history = readHistory(f);
  return step;
}

SearchState searchStateFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  SearchState state;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return state;
  state.header = searchHeaderFromJson(j, path, errors);
  std::vector<std::pair<std::string, ArchMetrics>> cache;
  readEvaluations(f, "cache", cache);
  for (auto& [key, metrics] : cache) state.cache.emplace(std::move(key), std::move(metrics));
  if (const Json* e = f.child("engine", Need::Required)) {
    SearchStep whole;
    whole.engine = *e;
    state.apply(std::move(whole));
  }
  state.history = readHistory(f);
  return state;
}

Json searchStateToJson(const SearchState& s) {
  Json j = searchHeaderToJson(s.header);
  Json cache = Json::object();
  for (const auto& [key, metrics] : s.cache) cache[key] = metrics.toJson();
  j["cache"] = std::move(cache);
  j["engine"] = s.engineState();
  j["history"] = s.history;
  return j;
}

}  // namespace h4h
