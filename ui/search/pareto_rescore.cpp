#include "ui/search/pareto_rescore.h"

#include "eval/eval_context.h"
#include "search/hardware_evaluator.h"
#include "space/arch_key.h"
#include "util/errors.h"

namespace h4h::ui {

Json rescorePareto(const Project& project, const Json& pareto) {
  HardwareEvaluator evaluator(std::make_shared<const EvalContext>(evalContextFor(project)));
  Json out = Json::array();
  if (!pareto.is_array()) return out;
  for (const Json& entry : pareto) {
    if (!entry.is_object() || !entry.contains("key") || !entry["key"].is_string()) {
      out.push_back(entry);
      continue;
    }
    const std::string key = entry["key"].get<std::string>();
    ArchMetrics m;
    try {
      m = evaluator.evaluate(parseArchKey(key));
    } catch (const std::exception& e) {
      m.ok = false;
      m.error = e.what();
    }
    if (m.ok && entry.contains("accuracy") && entry["accuracy"].is_number())
      m.accuracy = entry["accuracy"].get<double>();
    Json j = m.toJson();
    j["feasible"] = fitnessFromMetrics(j, project.search).feasible();
    j["key"] = key;
    out.push_back(std::move(j));
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
      outcome->pareto = QByteArray::fromStdString(rescorePareto(*p, p->results.pareto).dump());
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
