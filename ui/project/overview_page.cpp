#include "ui/project/overview_page.h"

#include <QLabel>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/project/overview_results.h"
#include "ui/project/project_document.h"
#include "space/space_ops.h"

namespace h4h::ui {

namespace {

QString joinInts(const std::vector<int>& v) {
  QStringList parts;
  for (int x : v) parts << QString::number(x);
  return "{" + parts.join(", ") + "}";
}

QString row(const QString& key, const QString& value) {
  return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
      .arg(key.toHtmlEscaped(), value);
}

}  // namespace

QString projectSummaryHtml(const ProjectDocument& document) {
  const Project& p = document.project();
  QString html;
  if (!p.description.empty())
    html += "<p>" + QString::fromStdString(p.description).toHtmlEscaped() + "</p>";

  html += "<h3>Search space</h3><table>";
  html += row("Input", QString("%1 channels, %2 classes, train resolutions %3, deployed %4")
                           .arg(p.space.inputChannels)
                           .arg(p.space.classes)
                           .arg(joinInts(p.space.trainResolutions))
                           .arg(QString::fromStdString(deploymentDescription(p.space))));
  html += row("Stem", QString("%1×%1 stride %2, widths %3")
                          .arg(p.space.stem.kernel)
                          .arg(p.space.stem.stride)
                          .arg(joinInts(p.space.stem.widths)));
  for (std::size_t i = 0; i < p.space.stages.size(); ++i) {
    const StageSpace& s = p.space.stages[i];
    html += row(QString("Stage %1 %2").arg(i + 1).arg(QString::fromStdString(s.name).toHtmlEscaped()),
                QString("stride %1, widths %2, MBConv depth %3 kernel %4 expand %5%6, ViT depth %7")
                    .arg(s.stride)
                    .arg(joinInts(s.widths), joinInts(s.mbDepths), joinInts(s.kernels),
                         joinInts(s.expands), s.se ? ", SE" : "", joinInts(s.vitDepths)));
  }
  html += "</table>";

  const HardwareConfig& hw = p.hardware;
  html += "<h3>Hardware</h3><table>";
  html += row("NPU", QString("%1 — %2×%3 array at %4 GHz")
                         .arg(QString::fromStdString(hw.npuPreset).toHtmlEscaped())
                         .arg(hw.npu.rows)
                         .arg(hw.npu.cols)
                         .arg(hw.npu.clockGhz));
  if (hw.cim.present())
    html += row("CIM", QString("%1 — %2 macros × %3 KiB, %4 compute units per macro")
                           .arg(QString::fromStdString(hw.cimPreset).toHtmlEscaped())
                           .arg(hw.cim.macros)
                           .arg(hw.cim.capacityBytesPerMacro / 1024.0)
                           .arg(hw.cim.computeUnitsPerMacro));
  else
    html += row("CIM", QObject::tr("none: an NPU-only system (0 macros)"));
  html += row("Link", QString("%1 GB/s").arg(hw.link.bandwidthGBs));
  html += "</table>";

  html += "<h3>Data and training</h3><table>";
  html += row("Dataset", QString::fromStdString(p.data.dataset + " at " + p.data.path).toHtmlEscaped());
  QString epochs;
  for (int e : p.training.phaseEpochs()) epochs += (epochs.isEmpty() ? "" : " + ") + QString::number(e);
  html += row("Recipe", QString("%1, %2 epochs, batch %3")
                            .arg(QString::fromStdString(p.training.recipe))
                            .arg(epochs)
                            .arg(p.data.batchSize));
  html += row("Runs", QString::number(p.results.runs.size()));
  html += "</table>";

  html += "<h3>Search</h3><table>";
  QStringList objectives;
  for (const auto& o : p.search.objectives) objectives << QString::fromStdString(o);
  html += row("Algorithm", QString("%1, population %2, %3 generations, seed %4")
                               .arg(QString::fromStdString(p.search.algorithm))
                               .arg(p.search.population)
                               .arg(p.search.generations)
                               .arg(p.search.seed));
  html += row("Objectives", objectives.join(", "));
  html += row("Pareto archs", QString::number(p.results.pareto.size()));
  html += row("Selected", p.results.selected.empty()
                              ? QStringLiteral("—")
                              : QString::fromStdString(p.results.selected).toHtmlEscaped());
  html += "</table>";
  return html;
}

OverviewPage::OverviewPage(ProjectDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document) {
  auto* layout = new QVBoxLayout(this);
  m_title = new QLabel(this);
  QFont f = m_title->font();
  f.setPointSizeF(f.pointSizeF() * 1.6);
  f.setBold(true);
  m_title->setFont(f);
  m_path = new QLabel(this);
  m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_summary = new QTextBrowser(this);
  m_summary->setOpenLinks(false);
  connect(m_summary, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
    if (url.scheme() == "tab") emit tabRequested(url.path());
  });
  layout->addWidget(m_title);
  layout->addWidget(m_path);
  layout->addWidget(m_summary, 1);
  connect(document, &ProjectDocument::replaced, this, &OverviewPage::refresh);
  connect(document, &ProjectDocument::changed, this, &OverviewPage::refresh);
  connect(document, &ProjectDocument::filePathChanged, this, &OverviewPage::refresh);
  refresh();
}

QString OverviewPage::summaryHtml() const { return m_summary->toHtml(); }

void OverviewPage::refresh() {
  m_title->setText(m_document->displayName());
  const QString path = m_document->filePath();
  m_path->setText(path.isEmpty() ? tr("Not saved yet") : path);
  const Project& p = m_document->project();
  m_summary->setHtml(nextStepHtml(p) + projectResultsHtml(p) + projectSummaryHtml(*m_document));
}

}  // namespace h4h::ui
