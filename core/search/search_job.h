#pragma once
/// The architecture search as a core Job (DESIGN §7): NSGA-II (or the random-search
/// baseline, same API and budget) over the archs of a SearchSpace, every candidate
/// measured once (evaluation cache by arch key) for the configured objectives and
/// budgets. After every generation it emits a "search.generation" event, reports
/// progress and calls the checkpoint hook with what the generation added; restore() continues a
/// stopped search so that it ends exactly as an uninterrupted run with the same seed.
///
/// Event "search.generation" data: generation, generations, algorithm, objectives,
/// evaluations (distinct archs measured so far), new_evaluations, cache_hits,
/// hypervolume (normalised, of every feasible non-dominated arch found so far),
/// population_hypervolume, feasible (members of the population within budget),
/// population [{key, rank, feasible, values}], front (the Pareto archive: metric objects
/// with "key" and "feasible"), elapsed_s (this run), measure_s (of it, spent measuring),
/// evaluations_per_s (archs measured per second of measuring, this run),
/// measured_accuracies (archs whose accuracy the supernet measured), predictor (null, or
/// SearchPredictor::summary()).
///
/// Accuracy by prediction (search.accuracy, issue 25): with "predictor" an arch's accuracy
/// is predicted once the predictor holds enough measurements (the initial population's, or a
/// stored predictor's samples); before that it is measured. "predictor+verify" also measures
/// the archive's predicted members every verify_every generations and, at the last
/// generation, until the archive holds measured accuracies only; each measurement refits the
/// predictor and every predicted accuracy is re-predicted. A search cancelled during such a
/// verification keeps its measurements but does not resume bit-identically.
///
/// Hypervolume normalisation: each objective maps to [0, 1] between an ideal (0 for
/// costs, accuracy 1) and the reference point (config.referencePoint, or automatic:
/// 1.1 x the larger of the max and min arch's value for costs, accuracy 0).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jobs/job.h"
#include "search/arch_metrics.h"
#include "search/pareto.h"
#include "search/pareto_record.h"
#include "search/search_config.h"
#include "search/search_state.h"
#include "space/search_space.h"

namespace h4h {

class AccuracyPredictor;
struct AccuracySample;

class SearchJob : public Job {
public:
  /// Throws InputError when the config cannot run: accuracy requested without an
  /// AccuracyEvaluator, a reference point outside (ideal, +inf), an invalid space.
  SearchJob(SearchSpace space, SearchConfig config, std::shared_ptr<ArchEvaluator> hardware,
            std::shared_ptr<AccuracyEvaluator> accuracy = nullptr);
  ~SearchJob() override;

  std::string name() const override { return "search"; }

  /// Continues from a saved state (the project's search state log, or a version-1
  /// results.search_state). Throws InputError naming the problem under `path` when the
  /// state is malformed or was made with other settings (algorithm, seed, population,
  /// objectives, budgets, space, hardware).
  void restore(const SearchState& state, const std::string& path);
  /// restore() of a version-1 `results.search_state` object.
  void restore(const Json& legacyState);

  /// Called on the job's thread after every generation with what the generation added
  /// (the record the CLI appends to the state log); the step is then taken.
  using CheckpointFn = std::function<void(const SearchStep& step)>;
  void setCheckpoint(CheckpointFn fn);

  /// Called on the job's thread with every arch's metrics as they are stored, and again when
  /// they change (a verified or re-predicted accuracy): what a live view shows per arch.
  using ArchFn = std::function<void(const std::string& key, const ArchMetrics& metrics)>;
  void setArchObserver(ArchFn fn);

  /// Predictor modes: measurements the predictor starts with (a stored predictor of the same
  /// supernet); before run(). They are saved in the header: restore() goes on from the saved
  /// search's own, not these.
  void setPredictorSamples(std::vector<AccuracySample> samples);
  /// The accuracy predictor as last fitted; null outside the predictor modes or before it
  /// has enough measurements.
  const AccuracyPredictor* predictor() const;
  /// SearchPredictor::summary(): null without a fitted predictor.
  Json predictorSummary() const;

  /// What the state log needs first: the settings and normalisation the search runs with.
  SearchStateHeader header() const;
  /// What was measured or completed since the last checkpoint or takeStep() (after a
  /// cancel: the evaluations of the generation cut short), and forgets it.
  SearchStep takeStep();
  /// The whole resumable state now: the population after the last completed generation
  /// and every evaluation so far (also those of a generation cut short by cancel).
  SearchState state() const;
  /// The Pareto archive as results.pareto holds it.
  ParetoFront pareto() const;
  const ParetoArchive& archive() const;
  /// Completed generations (-1 before the initial population is measured).
  int generation() const;
  /// Whether every configured generation is done.
  bool completed() const;
  /// Distinct archs measured.
  int evaluations() const;
  /// "1,234 archs measured", or in the predictor modes "1,234 archs evaluated, 64 accuracies
  /// measured on the supernet": what progress lines and summaries say was done.
  std::string evaluationsText() const;
  /// Normalised hypervolume of the archive's feasible members.
  double hypervolume() const;
  /// Per-generation history: {generation, evaluations, hypervolume, front (archive size)}.
  const Json& history() const;
  /// Reference point and ideal in minimised objective space (accuracy negated).
  const std::vector<double>& referencePoint() const;
  const std::vector<double>& idealPoint() const;

protected:
  JobResult run(JobContext& context) override;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Normalised hypervolume of minimised points; NaN when more than 3 objectives and
/// more than 64 points (exact computation would be too slow).
double searchHypervolume(const std::vector<std::vector<double>>& points,
                         const std::vector<double>& ideal, const std::vector<double>& reference);

}  // namespace h4h
