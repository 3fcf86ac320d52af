// The Search tab's selected arch (results.selected): kept in sync between the plot
// ring, the table row and the project (an undoable edit), described in the
// "Selected arch" box, and exported as a subnet on the shared job runner.

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <cmath>

#include "ui/common/job_page_controller.h"
#include "ui/search/parallel_coords_view.h"
#include "ui/project/project_document.h"
#include "ui/search/pareto_table.h"
#include "ui/search/search_page.h"
#include "ui/search/search_page_commands.h"
#include "ui/search/search_page_export.h"

namespace h4h::ui {

void SearchPage::selectArch(const QString& key) {
  const std::string k = key.toStdString();
  const std::string& current = m_document->project().results.selected;
  if (k == current) {
    syncSelection();
    return;
  }
  m_document->undoStack()->push(new SelectArchCommand(m_document, current, k));
}

void SearchPage::syncSelection() {
  const std::string& key = m_document->project().results.selected;
  m_parallel->setSelectedKey(key);
  if (m_plot->selectedKey() != key) {
    m_plot->setSelectedKey(key);
    m_plotDirty = true;
    scheduleRedraw();
  }
  const int row = m_points.indexOf(key);
  m_syncing = true;
  if (row < 0) {
    m_table->clearSelection();
  } else {
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (index.isValid()) {
      m_table->selectionModel()->setCurrentIndex(
          index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
      m_table->scrollTo(index);
    } else {
      m_table->clearSelection();
    }
  }
  m_syncing = false;
}

void SearchPage::updateSelectionBox() {
  const std::string& key = m_document->project().results.selected;
  const int i = m_points.indexOf(key);
  m_showSchedule->setEnabled(!key.empty());
  m_export->setEnabled(!key.empty() && !m_jobs->busy());
  if (key.empty()) {
    m_selectionKey->setVisible(false);
    m_selection->setText(tr("Click a point or a row to select an arch."));
    return;
  }
  // The key in a read-only line: copied exactly as it is, and however long it never
  // widens the column (a label would, until the column's buttons scroll away).
  m_selectionKey->setText(QString::fromStdString(key));
  m_selectionKey->setCursorPosition(0);
  m_selectionKey->setToolTip(QString::fromStdString(key));
  m_selectionKey->setVisible(true);
  QString text = tr("Not among the archs shown.");
  if (i >= 0) {
    text.clear();
    const ParetoPoint& p = m_points.at(i);
    QStringList parts;
    for (const char* metric : {"accuracy", "latency_ms", "energy_mj", "period_ms", "params_m", "macs_m"}) {
      const int m = paretoMetricIndex(metric);
      if (std::isfinite(p.values[static_cast<std::size_t>(m)]))
        parts << QString("%1 %2").arg(QString::fromLatin1(paretoMetrics()[static_cast<std::size_t>(m)].label).toLower(),
                                      formatPointMetric(p, m));
    }
    text += parts.join(" · ").toHtmlEscaped();
    if (!p.feasible) text += "<br><i>" + tr("over budget").toHtmlEscaped() + "</i>";
    if (p.identicalCount > 1)
      text += "<br><i>" + tr("%n archs have these objective values", "", p.identicalCount).toHtmlEscaped() + "</i>";
  }
  m_selection->setText(text);
}

bool SearchPage::exportSelectedSubnet(const QString& dir) {
  const Project& p = m_document->project();
  const QString problem = subnetExportProblem(p);
  if (!problem.isEmpty()) {
    setStatus(problem, true);
    if (m_dialogs && !p.results.selected.empty()) QMessageBox::information(this, tr("Export subnet"), problem);
    return false;
  }
  auto exported = [this](JobStatus status, const QString& message, const Json&) {
    if (status == JobStatus::Finished) setStatus(tr("Subnet exported: %1").arg(message));
    else setStatus(tr("Export failed: %1").arg(message), true);
  };
  if (!m_jobs->start(makeSubnetExportJob(p, dir.toStdString()), exported)) return false;
  setStatus(tr("Exporting %1 into %2…").arg(QString::fromStdString(p.results.selected), dir));
  return true;
}

}  // namespace h4h::ui
