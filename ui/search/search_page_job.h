#pragma once
// The search as the studio runs it: a Job that builds the evaluators on the worker
// thread (the supernet accuracy evaluator loads data and weights, the SearchJob
// measures the largest and smallest arch to set its reference point) and runs a core
// SearchJob. Every arch measured is also appended to a SearchFeed under a short lock (in
// the predictor modes, every arch the SearchJob stores, and again when its accuracy is
// verified or re-predicted: the Search tab replaces the point);
// the Search tab drains the feed on its redraw timer, so points appear as they are
// measured without one queued signal per arch.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "jobs/job.h"
#include "project/project.h"
#include "eval/search_setup.h"
#include "search/search_job.h"
#include "train/supernet_evaluator.h"

namespace h4h::ui {

/// (arch key, metrics object) pairs written by the job's thread, taken by the GUI's.
class SearchFeed {
public:
  void push(std::string key, Json metrics);
  /// Everything pushed since the last take.
  std::vector<std::pair<std::string, Json>> take();

private:
  std::mutex m_mutex;
  std::vector<std::pair<std::string, Json>> m_pending;
};

// AccuracyFactory, supernetAccuracyFactory() and searchNeedsAccuracy() are core's
// (eval/search_setup.h, train/supernet_evaluator.h): the one search set-up.
using h4h::AccuracyFactory;
using h4h::searchNeedsAccuracy;
using h4h::supernetAccuracyFactory;

class SearchRunJob : public Job {
public:
  /// `resume` continues the project's saved search (read on the job's thread).
  SearchRunJob(Project project, std::shared_ptr<SearchFeed> feed, AccuracyFactory accuracy,
               bool resume = false);
  ~SearchRunJob() override;

  std::string name() const override { return "search"; }

  /// After the job ended (any status): the search's resumable state and its Pareto
  /// archive (null / empty when it never got to measure anything).
  const std::shared_ptr<const SearchState>& finalState() const { return m_state; }
  const ParetoFront& finalPareto() const { return m_pareto; }
  /// Moves them out (the state is large: every evaluation of the search).
  void takeFinal(std::shared_ptr<const SearchState>& state, ParetoFront& pareto) {
    state = std::move(m_state);
    pareto = std::move(m_pareto);
  }

protected:
  JobResult run(JobContext& context) override;

private:
  Project m_project;
  std::shared_ptr<SearchFeed> m_feed;
  AccuracyFactory m_accuracy;
  bool m_resume = false;
  std::shared_ptr<const SearchState> m_state;
  ParetoFront m_pareto;
};

}  // namespace h4h::ui
