#pragma once
// How the studio writes quantities: one function per kind of number, so a latency,
// a byte count or a duration reads the same in every tab, tooltip and report.

#include <QString>
#include <string>

#include "graph/layer.h"

namespace h4h::ui {

/// "41.3 µs", "3.210 ms": a latency given in ns.
QString formatNs(double ns);
/// "310.0 nJ", "1.230 mJ": an energy given in nJ.
QString formatNj(double nj);
/// "512 B", "1.5 KiB", "2.00 MiB": a size given in bytes (binary prefixes).
QString formatBytes(double bytes);
/// "950", "12.3 k", "4.56 M", "1.20 G": a count (MACs, parameters) with a decimal prefix.
QString formatCount(double count);
/// "42 s", "3:07", "1:02:03"; "—" when unknown (negative or not finite).
QString formatDuration(double seconds);
/// "2026-12-06 10:38 UTC" of an ISO 8601 UTC time ("2026-12-06T10:38:09Z"); the text
/// as given when it is not one.
QString formatUtcTime(const std::string& iso8601);
/// "C×H×W" of a tensor.
QString formatShape(const TensorShape& shape);

}  // namespace h4h::ui
