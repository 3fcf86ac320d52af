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

StoreSearchCommand::StoreSearchCommand(ProjectDocument* document, Json pareto, Json state, const QString& text)
    : QUndoCommand(text), m_document(document), m_pareto(std::move(pareto)), m_state(std::move(state)) {}

void StoreSearchCommand::swap() {
  m_document->edit("results", [&](Project& p) {
    std::swap(p.results.pareto, m_pareto);
    std::swap(p.results.searchState, m_state);
  });
}

void applyRescoredPareto(ProjectDocument* document, Json pareto, const Json& savedPareto) {
  const bool wasClean = document->undoStack()->isClean();
  document->edit("results", [&](Project& p) { p.results.pareto = std::move(pareto); });
  if (wasClean && document->project().results.pareto == savedPareto) {
    document->undoStack()->resetClean();  // back at the saved state: not modified
    document->undoStack()->setClean();
  }
}

Json searchResultsSignature(const Json& pareto, const Json& state) {
  Json sig{{"pareto", pareto}};
  if (state.is_object()) {
    auto cache = state.find("cache");
    sig["evaluations"] = cache != state.end() ? cache->size() : 0;
    if (auto h = state.find("history"); h != state.end()) sig["history"] = *h;
    if (auto s = state.find("settings"); s != state.end()) sig["settings"] = *s;
  }
  return sig;
}

}  // namespace h4h::ui
