#pragma once
/// Conversion between a Project and its JSON document (DESIGN §8), with
/// validation of every field and migration of older format versions.

#include <string>

#include "project/project.h"

namespace h4h {

/// Reads and validates a whole document. Errors are appended as `path: problem (value)`;
/// the returned project is only meaningful when no error was added.
Project projectFromJson(const Json& document, ErrorList& errors);

/// The document for a project: known sections from the typed data, unknown fields
/// kept from `project.original`, plus format, version and the writing app's version.
Json projectToJson(const Project& project);

/// Brings an older document up to kProjectFormatVersion, one small step per version.
/// Refuses newer versions with a message saying which version the file needs.
Json migrateProjectJson(const Json& document, ErrorList& errors);

}  // namespace h4h
