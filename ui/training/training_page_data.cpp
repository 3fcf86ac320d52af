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

/// Accuracies arrive as fractions; plots show percent.
double percent(double fraction) { return fraction < 0.0 ? fraction : fraction * 100.0; }

}  // namespace

RunSeries runSeriesFromRecord(const RunRecord& run) {
  RunSeries s;
  s.id = QString::fromStdString(run.id);
  s.recipe = QString::fromStdString(run.recipe);
  s.status = QString::fromStdString(runStatusName(run.status));
  s.started = QString::fromStdString(run.started);
  s.imagesPerS = run.imagesPerSecond;
  s.wallSeconds = run.wallSeconds;

  const StepSeries& steps = run.steps;
  s.stepX.reserve(int(steps.step.size()));
  for (std::size_t i = 0; i < steps.step.size(); ++i) {
    s.stepX << double(steps.step[i]);
    s.loss << steps.loss[i];
    s.lr << steps.lr[i];
  }

  for (const RunPhase& phase : run.phases) s.phaseNames << QString::fromStdString(phase.plan.name);
  s.totalEpochs = run.plannedEpochs();

  int lastPhase = 0;
  for (const RunEpoch& e : run.epochs) {
    if (lastPhase != 0 && e.phase != lastPhase) s.phaseEpochX << e.epoch - 0.5;
    lastPhase = e.phase;
    s.epochX << e.epoch;
    s.minTop1 << percent(e.minTop1);
    s.maxTop1 << percent(e.maxTop1);
  }

  // Phase boundaries on the step axis: the record keeps no step per phase, so they
  // are placed at (steps per epoch) × (epochs before the phase).
  const double lastStep = std::max(s.stepX.isEmpty() ? 0.0 : s.stepX.back(), double(steps.pending.step));
  if (run.phases.size() > 1 && !s.epochX.isEmpty() && lastStep > 0.0) {
    const double perEpoch = (lastStep + 1.0) / s.epochX.back();
    int before = 0;
    for (std::size_t p = 0; p + 1 < run.phases.size(); ++p) {
      before += run.phases[p].plan.epochs;
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
