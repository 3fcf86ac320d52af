#pragma once
// A tiny synthetic project for tests that run real jobs (training takes milliseconds per
// step; the search section makes it searchable on hardware objectives), and writing one.
#include <QString>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

namespace h4h::test {

/// The project as JSON: `samples` synthetic images, `epochs` per phase (tpi-freeze).
nlohmann::json tinyProject(int samples, int epochs);
/// Writes `project` to dir/name; returns the path, or "" when it cannot be written.
QString writeProject(const QTemporaryDir& dir, const QString& name, const nlohmann::json& project);

}  // namespace h4h::test
