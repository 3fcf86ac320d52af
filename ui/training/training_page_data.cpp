#include "ui/training/training_page_data.h"

#include <cmath>

namespace h4h::ui {

namespace {

double number(const Json& j, const char* key, double fallback = 0.0) {
  if (!j.is_object()) return fallback;
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

QString text(const Json& j, const char* key) {
  if (!j.is_object()) return QString();
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>())
                                          : QString();
}

const Json& child(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}

/// Accuracies arrive as fractions; plots show percent.
double percent(double fraction) { return fraction < 0.0 ? fraction : fraction * 100.0; }

}  // namespace

RunSeries runSeriesFromRecord(const Json& run) {
  RunSeries s;
  s.id = text(run, "id");
  s.recipe = text(run, "recipe");
  s.status = text(run, "status");
  s.started = text(run, "started");
  s.imagesPerS = number(run, "images_per_s");
  s.wallSeconds = number(run, "wall_s");

  const Json& steps = child(run, "steps");
  const Json& stepIdx = child(steps, "step");
  const Json& loss = child(steps, "loss");
  const Json& lr = child(steps, "lr");
  if (stepIdx.is_array() && loss.is_array() && lr.is_array()) {
    const std::size_t n = std::min({stepIdx.size(), loss.size(), lr.size()});
    for (std::size_t i = 0; i < n; ++i) {
      if (!stepIdx[i].is_number() || !loss[i].is_number() || !lr[i].is_number()) continue;
      s.stepX << stepIdx[i].get<double>();
      s.loss << loss[i].get<double>();
      s.lr << lr[i].get<double>();
    }
  }

  std::vector<int> phaseEpochs;
  for (const Json& phase : child(run, "phases").is_array() ? child(run, "phases") : Json::array()) {
    s.phaseNames << text(phase, "name");
    phaseEpochs.push_back(static_cast<int>(number(phase, "epochs")));
    s.totalEpochs += phaseEpochs.back();
  }

  int lastPhase = 0;
  for (const Json& e : child(run, "epochs").is_array() ? child(run, "epochs") : Json::array()) {
    const int phase = static_cast<int>(number(e, "phase", 1));
    const double epoch = number(e, "epoch", s.epochX.size() + 1);
    if (lastPhase != 0 && phase != lastPhase) s.phaseEpochX << epoch - 0.5;
    lastPhase = phase;
    s.epochX << epoch;
    s.minTop1 << percent(number(e, "min_top1", -1.0));
    s.maxTop1 << percent(number(e, "max_top1", -1.0));
  }

  // Phase boundaries on the step axis: the record keeps no step per phase, so they
  // are placed at (steps per epoch) × (epochs before the phase).
  const double lastStep = std::max(s.stepX.isEmpty() ? 0.0 : s.stepX.back(),
                                   number(child(steps, "pending"), "step"));
  if (phaseEpochs.size() > 1 && !s.epochX.isEmpty() && lastStep > 0.0) {
    const double perEpoch = (lastStep + 1.0) / s.epochX.back();
    int before = 0;
    for (std::size_t p = 0; p + 1 < phaseEpochs.size(); ++p) {
      before += phaseEpochs[p];
      if (perEpoch * before - 0.5 < lastStep) s.phaseStepX << perEpoch * before - 0.5;
      if (s.phaseEpochX.size() < static_cast<int>(p + 1) && before < s.epochX.back())
        s.phaseEpochX << before + 0.5;
    }
  }
  return s;
}

bool LiveRunSeries::addEvent(const QString& kind, const Json& d) {
  if (kind == "train.phase") {
    const int phase = static_cast<int>(number(d, "phase", 1));
    const QString name = text(d, "name");
    while (m_series.phaseNames.size() < phase) m_series.phaseNames << QString();
    if (phase >= 1) m_series.phaseNames[phase - 1] = name;
    if (phase > 1 && phase != m_phase) {
      m_phaseBoundaryPending = true;
      if (!m_series.epochX.isEmpty()) m_series.phaseEpochX << m_series.epochX.back() + 0.5;
    }
    m_phase = phase;
    return true;
  }
  if (kind == "train.step") {
    const double step = number(d, "step", m_series.stepX.isEmpty() ? 0 : m_series.stepX.back() + 1);
    const int phase = static_cast<int>(number(d, "phase", m_phase));
    if (phase > 1 && (m_phaseBoundaryPending || (m_phase != 0 && phase != m_phase))) {
      if (m_series.phaseStepX.isEmpty() || m_series.phaseStepX.back() < step - 0.5)
        m_series.phaseStepX << step - 0.5;
      m_phaseBoundaryPending = false;
    }
    m_phase = phase;
    m_epoch = static_cast<int>(number(d, "epoch", m_epoch));
    m_stepInEpoch = static_cast<qint64>(number(d, "step_in_epoch", 0));
    m_stepsPerEpoch = static_cast<qint64>(number(d, "steps_per_epoch", m_stepsPerEpoch));
    m_imagesPerS = number(d, "images_per_s", m_imagesPerS);
    m_series.imagesPerS = m_imagesPerS;
    m_series.stepX << step;
    m_series.loss << number(d, "loss", std::nan(""));
    m_series.lr << number(d, "lr", std::nan(""));
    return true;
  }
  if (kind == "train.epoch") {
    const int phase = static_cast<int>(number(d, "phase", m_phase));
    const double epoch = number(d, "epoch", m_series.epochX.size() + 1);
    if (phase > 1 && m_series.phaseEpochX.isEmpty() && !m_series.epochX.isEmpty())
      m_series.phaseEpochX << epoch - 0.5;
    m_series.epochX << epoch;
    m_series.minTop1 << percent(number(d, "min_top1", -1.0));
    m_series.maxTop1 << percent(number(d, "max_top1", -1.0));
    return true;
  }
  return false;
}

QString LiveRunSeries::phaseName() const {
  return m_phase >= 1 && m_phase <= m_series.phaseNames.size() ? m_series.phaseNames[m_phase - 1]
                                                               : QString();
}

}  // namespace h4h::ui
