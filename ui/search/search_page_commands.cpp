#include "ui/search/search_page_commands.h"

#include <QObject>
#include <utility>

#include "ui/project/project_document.h"

namespace h4h::ui {

namespace {
constexpr int kSelectCommandId = 0x4835;
}

SelectArchCommand::SelectArchCommand(ProjectDocument* document, std::string before, std::string after)
    : QUndoCommand(QObject::tr("Select arch")), m_document(document), m_before(std::move(before)),
      m_after(std::move(after)) {}

void SelectArchCommand::redo() {
  m_document->edit("results", [&](Project& p) { p.results.selected = m_after; });
}

void SelectArchCommand::undo() {
  m_document->edit("results", [&](Project& p) { p.results.selected = m_before; });
}

int SelectArchCommand::id() const { return kSelectCommandId; }

bool SelectArchCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = dynamic_cast<const SelectArchCommand*>(other);
  if (!o) return false;
  m_after = o->m_after;
  if (m_after == m_before) setObsolete(true);
  return true;
}

StoreSearchCommand::StoreSearchCommand(ProjectDocument* document, ParetoFront pareto,
                                       std::shared_ptr<const SearchState> state, const QString& text)
    : QUndoCommand(text), m_document(document), m_pareto(std::move(pareto)), m_state(std::move(state)) {}

void StoreSearchCommand::swap() {
  m_document->edit("results", [&](Project& p) {
    std::swap(p.results.pareto, m_pareto);
    std::swap(p.results.search, m_summary);
    std::swap(p.results.searchState, m_state);
  });
}

void applyRescoredPareto(ProjectDocument* document, ParetoFront pareto, const ParetoFront& savedPareto) {
  const bool wasClean = document->undoStack()->isClean();
  document->edit("results", [&](Project& p) { p.results.pareto = std::move(pareto); });
  if (wasClean && document->project().results.pareto == savedPareto) {
    document->undoStack()->resetClean();  // back at the saved state: not modified
    document->undoStack()->setClean();
  }
}

Json searchResultsSignature(const ParetoFront& pareto, const SearchState* state) {
  Json sig{{"pareto", paretoFrontToJson(pareto)}};
  if (state) {
    sig["evaluations"] = state->cache.size();
    sig["history"] = state->history;
    sig["settings"] = state->header.settings;
  }
  return sig;
}

Json searchResultsSignature(const ProjectResults& results) { return searchResultsSignature(results, results.pareto); }

Json searchResultsSignature(const ProjectResults& results, const ParetoFront& pareto) {
  Json sig = searchResultsSignature(pareto, results.searchState.get());
  sig["state_file"] = results.search.stateFile;
  sig["generations"] = results.search.generations;
  sig["evaluations_saved"] = results.search.evaluations;
  return sig;
}

}  // namespace h4h::ui
