#pragma once
// The accuracy predictor's figures as the Search tab's summary line writes them (search.accuracy
// "predictor" / "predictor+verify", issue 25): how many measurements it is fitted on and how well
// it orders and matches archs it did not see. From a running search's "search.generation" event,
// or from the predictor stored with the project (search/predictor.json in the side folder).

#include <QString>

#include "project/project.h"
#include "util/json_fields.h"

namespace h4h::ui {

/// "Accuracy predictor: ridge on 48 measured archs — held-out Kendall τ 0.72, Spearman ρ 0.85,
/// RMSE 0.41 points (36 fitted / 12 held out)" from SearchPredictor::summary() (the event's
/// "predictor"); "" when it is null (no predictor fitted yet, or supernet mode).
QString predictorSummaryText(const Json& summary);

/// The line of a search's predictor.
struct PredictorLine {
  QString text;        ///< "" when there is nothing to say
  bool error = false;  ///< the stored predictor could not be read: `text` says why
};

/// The project's stored predictor (loadStoredPredictor, and the held-out figures the file
/// keeps under "quality"): its line, the reason when the file is malformed, "" without one.
PredictorLine storedPredictorLine(const Project& project);

}  // namespace h4h::ui
