#pragma once
/// The project's saved search state (docs/project_files.md, "Search state"): the log in
/// the side folder that results.search names, or a state held in memory until the next
/// save writes it there.

#include <memory>
#include <string>

#include "project/project.h"

namespace h4h {

/// Absolute path of the saved search's log ("" when none is named or the project is unsaved).
std::string searchStatePath(const Project& project);

/// The project's search state: the in-memory one, else the log read from the side folder;
/// null when there is none. A missing or unreadable log is InputError naming it.
std::shared_ptr<const SearchState> loadSearchState(const Project& project);

/// A fresh log name for a new search, relative to the side folder ("search/state-....log"):
/// a new search never writes over the log an undo step or another file may still name.
std::string newSearchStateFile();

/// Writes an in-memory search state as a log into the side folder of the project file at
/// `projectPath`, records it in results.search and drops the in-memory copy.
void persistSearchState(Project& project, const std::string& projectPath);

}  // namespace h4h
