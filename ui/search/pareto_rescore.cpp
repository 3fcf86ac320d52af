#include "ui/search/pareto_rescore.h"

#include "eval/eval_context.h"
#include "search/hardware_evaluator.h"
#include "space/arch_key.h"
#include "util/errors.h"

namespace h4h::ui {

ParetoFront rescorePareto(const Project& project, const ParetoFront& pareto) {
  HardwareEvaluator evaluator(std::make_shared<const EvalContext>(evalContextFor(project)));
  ParetoFront out;
  out.reserve(pareto.size());
  for (const ParetoRecord& entry : pareto) {
    ParetoRecord r;
    r.key = entry.key;
    try {
      r.metrics = evaluator.evaluate(parseArchKey(entry.key));
    } catch (const std::exception& e) {
      r.metrics.ok = false;
      r.metrics.error = e.what();
    }
    if (r.metrics.ok && entry.metrics.ok) r.metrics.accuracy = entry.metrics.accuracy;
    r.feasible = fitnessFromMetrics(r.metrics, project.search).feasible();
    out.push_back(std::move(r));
  }
  return out;
}

struct ParetoRescorer::Outcome {
  QByteArray pareto, hardware;
  QString error;
};

ParetoRescorer::ParetoRescorer(QObject* parent) : QObject(parent) {}

ParetoRescorer::~ParetoRescorer() {
  m_pending.reset();
  if (m_thread) {
    m_thread->wait();
    delete m_thread;
  }
}

void ParetoRescorer::request(const Project& project) {
  auto copy = std::make_unique<Project>(project);
  if (m_thread) {
    m_pending = std::move(copy);
    return;
  }
  launch(std::move(copy));
}

void ParetoRescorer::launch(std::unique_ptr<Project> project) {
  auto outcome = std::make_shared<Outcome>();
  m_outcome = outcome;
  std::shared_ptr<Project> p(project.release());
  m_thread = QThread::create([p, outcome] {
    outcome->hardware = QByteArray::fromStdString(hardwareToJson(p->hardware).dump());
    try {
      outcome->pareto = QByteArray::fromStdString(paretoFrontToJson(rescorePareto(*p, p->results.pareto)).dump());
    } catch (const std::exception& e) {
      outcome->error = QString::fromUtf8(e.what());
    }
  });
  const int id = ++m_launches;
  connect(m_thread, &QThread::finished, this, [this, id] {
    if (id == m_launches) onThreadDone();  // not one already handled by waitForIdle()
  });
  m_thread->start();
}

void ParetoRescorer::onThreadDone() {
  if (!m_thread) return;
  m_thread->wait();
  m_thread->deleteLater();
  m_thread = nullptr;
  const std::shared_ptr<Outcome> outcome = std::move(m_outcome);
  if (m_pending) {
    launch(std::move(m_pending));  // a newer hardware arrived: its result is the one that counts
    return;
  }
  if (outcome) emit finished(outcome->pareto, outcome->hardware, outcome->error);
}

void ParetoRescorer::waitForIdle() {
  while (m_thread) {
    m_thread->wait();
    onThreadDone();
  }
}

}  // namespace h4h::ui
