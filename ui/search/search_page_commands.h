#pragma once
// The Search tab's edits of the project's results, as undo commands: selecting an arch
// (consecutive selections merge into one step) and storing a search (pareto and
// search_state swapped in and out: they hold every evaluation, copying them would
// stall the GUI). Plus the what-if re-score, a derived edit that is not an undo step.

#include <QUndoCommand>
#include <memory>
#include <string>

#include "project/project.h"
#include "util/json_fields.h"

namespace h4h::ui {

class ProjectDocument;

class SelectArchCommand : public QUndoCommand {
public:
  SelectArchCommand(ProjectDocument* document, std::string before, std::string after);
  void redo() override;
  void undo() override;
  int id() const override;
  bool mergeWith(const QUndoCommand* other) override;

private:
  ProjectDocument* m_document;
  std::string m_before, m_after;
};

class StoreSearchCommand : public QUndoCommand {
public:
  /// `state` is held in memory until the project is saved (then written to the side folder).
  StoreSearchCommand(ProjectDocument* document, ParetoFront pareto, std::shared_ptr<const SearchState> state,
                     const QString& text);
  void redo() override { swap(); }
  void undo() override { swap(); }

private:
  void swap();
  ProjectDocument* m_document;
  ParetoFront m_pareto;
  SearchSummary m_summary;  ///< a new search names no saved log yet
  std::shared_ptr<const SearchState> m_state;
};

/// Replaces results.pareto with its re-scored version. It follows from the hardware
/// edit (undoing that edit re-scores back), so it is no undo step of its own; when the
/// document was clean and the front is back to `savedPareto`, it stays clean.
void applyRescoredPareto(ProjectDocument* document, ParetoFront pareto, const ParetoFront& savedPareto);

/// What identifies the results a view was built from, cheaply: the front itself (small),
/// the saved search's summary and which in-memory state (not its evaluations).
Json searchResultsSignature(const ProjectResults& results);
/// The signature `results` would have with `pareto` as its front.
Json searchResultsSignature(const ProjectResults& results, const ParetoFront& pareto);
Json searchResultsSignature(const ParetoFront& pareto, const SearchState* state);

}  // namespace h4h::ui
