#pragma once
// Hardware "what-if": after a hardware edit, every arch the Search tab shows (each one
// the search evaluated, not only its front) is measured again on the new hardware, and
// the front is recomputed from them under the search's objectives and budgets.
// Accuracy does not depend on the hardware and is kept, so this is cheap (no supernet
// evaluation: thousands of archs a second). The re-measuring runs on a thread of its
// own and counts what it has done; a newer request supersedes (and stops) an older one.

#include <QObject>
#include <QThread>
#include <atomic>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "project/project.h"
#include "ui/search/pareto_points.h"

namespace h4h::ui {

/// An arch to re-score: its key and its top-1 (NaN when not measured), which is kept, and
/// whether that top-1 is the accuracy predictor's (kept too: the re-score measures no accuracy).
struct ArchToRescore {
  std::string key;
  double accuracy = std::numeric_limits<double>::quiet_NaN();
  bool accuracyPredicted = false;
};

/// Every arch of one re-score, measured on one hardware.
struct ArchRescore {
  std::string hardware;                        ///< hardwareToJson(...).dump() of that hardware
  std::map<std::string, ArchMetrics> metrics;  ///< arch key -> metrics (accuracy kept)
  ParetoFront front;                           ///< the non-dominated archs, as results.pareto holds them
  std::string error;                           ///< set (and the rest empty) when it failed
  /// Built on the rescorer's thread, so that applying a re-score of 100,000 archs does
  /// not stall the GUI: the points as the tab shows them with `front` as results.pareto,
  /// valid while the results still have `baseSignature`; `signature` is theirs then.
  ParetoPointSet points;
  Json baseSignature, signature;
};

/// `archs` measured on `project`'s hardware (the scheduler objective of its search
/// section, its measured table), accuracy kept, and their front under the search's
/// objectives and budgets. `done` counts the archs measured; `stop` abandons the work
/// (the result is then partial). Throws InputError when the measured table cannot be read.
ArchRescore rescoreArchs(const Project& project, const std::vector<ArchToRescore>& archs,
                         std::atomic<int>* done = nullptr, const std::atomic<bool>* stop = nullptr);

/// The front (as results.pareto holds it) of archs with these metrics under `config`:
/// the members no other arch constraint-dominates, in the search's deterministic order.
ParetoFront frontOfMetrics(const std::map<std::string, ArchMetrics>& metrics, const SearchConfig& config);

/// Whether the project's saved search measured its archs on other hardware than the
/// project's (a what-if saved with the project): its stored metrics are stale then.
bool searchMeasuredOnOtherHardware(const Project& project, const SearchState& state);

class ParetoRescorer : public QObject {
  Q_OBJECT
public:
  explicit ParetoRescorer(QObject* parent = nullptr);
  ~ParetoRescorer() override;

  /// Re-scores `archs` on `project`'s hardware in the background; a request made while
  /// one runs stops it and replaces any pending one (only the latest hardware matters).
  void request(const Project& project, std::vector<ArchToRescore> archs);
  bool busy() const { return m_thread != nullptr; }
  /// Archs measured so far by the running re-score, and how many it has.
  int done() const;
  int total() const;
  /// Blocks until the running re-score (and a pending one) is done (tests).
  void waitForIdle();

signals:
  /// The latest request's re-score (ArchRescore::error set when it failed).
  void finished(std::shared_ptr<ArchRescore> result);

private:
  struct Work;
  void launch(std::shared_ptr<Work> work);
  void onThreadDone();

  QThread* m_thread = nullptr;
  int m_launches = 0;
  std::shared_ptr<Work> m_running, m_pending;
};

}  // namespace h4h::ui
