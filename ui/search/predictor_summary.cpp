#include "ui/search/predictor_summary.h"

#include <QObject>
#include <cmath>
#include <exception>
#include <optional>

#include "project/project_predictor.h"
#include "ui/search/pareto_points.h"
#include "util/errors.h"

namespace h4h::ui {

namespace {

int intOf(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int>() : 0;
}

double numberOf(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : std::nan("");
}

/// "ridge on 48 measured archs — held-out …": the line after its "Accuracy predictor: ".
QString figuresText(const Json& summary) {
  const auto model = summary.find("model");
  const QString name = model != summary.end() && model->is_string() ? QString::fromStdString(model->get<std::string>())
                                                                      : QObject::tr("regressor");
  const int samples = intOf(summary, "samples");
  const int seed = intOf(summary, "seed_samples");
  QString text = QObject::tr("%1 on %n measured archs", "", samples).arg(name);
  if (seed > 0) text += QObject::tr(" (%n from the stored predictor)", "", seed);
  const auto quality = summary.find("quality");
  if (quality == summary.end() || !quality->is_object())
    return text + QObject::tr(" — too few measurements for held-out figures yet");
  const Json& q = *quality;
  return text + QObject::tr(" — held-out Kendall τ %1, Spearman ρ %2, RMSE %3 points (%4 fitted / %5 held out)")
                    .arg(numberOf(q, "kendall_tau"), 0, 'f', 2)
                    .arg(numberOf(q, "spearman_rho"), 0, 'f', 2)
                    .arg(kAccuracyPointsPerFraction * numberOf(q, "rmse"), 0, 'f', 2)
                    .arg(intOf(q, "train"))
                    .arg(intOf(q, "held_out"));
}

}  // namespace

QString predictorSummaryText(const Json& summary) {
  if (!summary.is_object()) return {};
  return QObject::tr("Accuracy predictor: %1").arg(figuresText(summary));
}

PredictorLine storedPredictorLine(const Project& project) {
  try {
    const std::optional<StoredPredictor> stored = loadStoredPredictor(project);
    if (!stored) return {};
    Json summary{{"model", "ridge"}, {"samples", stored->predictor.samples().size()}};
    if (stored->quality) summary["quality"] = stored->quality->toJson();
    return {QObject::tr("Stored accuracy predictor: %1").arg(figuresText(summary)), false};
  } catch (const std::exception& e) {
    return {QObject::tr("Stored accuracy predictor not usable: %1").arg(QString::fromUtf8(e.what())), true};
  }
}

}  // namespace h4h::ui
