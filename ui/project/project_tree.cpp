#include "ui/project/project_tree.h"

#include <QHeaderView>
#include <algorithm>
#include <functional>

#include "ui/common/units.h"
#include "ui/project/project_document.h"

namespace h4h::ui {

namespace {
constexpr int kTabRole = Qt::UserRole + 1;
constexpr int kStudyRole = Qt::UserRole + 2;  // index in results.studies + 1 (0 = none)

QTreeWidgetItem* add(QTreeWidgetItem* parent, const QString& text, const QString& tab,
                     const QString& tip = {}) {
  auto* item = new QTreeWidgetItem(parent, {text});
  item->setData(0, kTabRole, tab);
  item->setToolTip(0, tip.isEmpty() ? text : tip);
  return item;
}
/// Short enough for the dock's default width: stages and the input side(s) the hardware
/// sees; the tool tip says how the deployment resolution is chosen.
QString spaceLabel(const SearchSpace& space) {
  const int stages = static_cast<int>(space.stages.size());
  if (space.fixedDeployResolution)
    return ProjectTree::tr("%1 stages, %2 px (fixed)").arg(stages).arg(space.deployResolution);
  const auto [low, high] = std::minmax_element(space.trainResolutions.begin(), space.trainResolutions.end());
  if (low == space.trainResolutions.end()) return ProjectTree::tr("%1 stages").arg(stages);
  return *low == *high ? ProjectTree::tr("%1 stages, %2 px").arg(stages).arg(*low)
                       : ProjectTree::tr("%1 stages, %2–%3 px").arg(stages).arg(*low).arg(*high);
}

QString spaceToolTip(const SearchSpace& space) {
  if (space.fixedDeployResolution)
    return ProjectTree::tr("Every subnet is deployed and costed at %1×%1 px, whatever its resolution choice")
        .arg(space.deployResolution);
  return ProjectTree::tr("Each subnet is deployed and costed at its own resolution choice");
}
}  // namespace

ProjectTree::ProjectTree(ProjectDocument* document, QWidget* parent)
    : QTreeWidget(parent), m_document(document) {
  setObjectName("ProjectTree");
  setHeaderHidden(true);
  setColumnCount(1);
  setUniformRowHeights(true);
  setTextElideMode(Qt::ElideMiddle);
  connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    const QString tab = item->data(0, kTabRole).toString();
    if (!tab.isEmpty()) emit tabRequested(tab);
    if (const int study = item->data(0, kStudyRole).toInt()) emit studyRequested(study - 1);
  });
  connect(this, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    const QString tab = item->data(0, kTabRole).toString();
    if (!tab.isEmpty()) emit tabRequested(tab);
    if (const int study = item->data(0, kStudyRole).toInt()) emit studyRequested(study - 1);
  });
  connect(document, &ProjectDocument::replaced, this, &ProjectTree::refresh);
  connect(document, &ProjectDocument::changed, this, &ProjectTree::refresh);
  connect(document, &ProjectDocument::filePathChanged, this, &ProjectTree::refresh);
  refresh();
}

void ProjectTree::refresh() {
  const Project& p = m_document->project();
  clear();
  auto* root = new QTreeWidgetItem(this, {m_document->displayName()});
  root->setData(0, kTabRole, tr("Overview"));
  root->setToolTip(0, m_document->filePath().isEmpty() ? tr("not saved yet") : m_document->filePath());
  QFont bold = root->font(0);
  bold.setBold(true);
  root->setFont(0, bold);

  auto* space = add(root, tr("Search space"), tr("Search Space"));
  space->setFont(0, bold);
  add(space, spaceLabel(p.space), tr("Search Space"), spaceToolTip(p.space));
  for (const StageSpace& s : p.space.stages) {
    QStringList widths;
    for (int w : s.widths) widths << QString::number(w);
    const bool hybrid = s.vitDepths.size() > 1 || (!s.vitDepths.empty() && s.vitDepths.front() > 0);
    add(space, QString("%1: %2%3").arg(QString::fromStdString(s.name), widths.join("/"), hybrid ? " + ViT" : ""),
        tr("Search Space"));
  }

  const HardwareConfig& hw = p.hardware;
  auto* hardware = add(root, tr("Hardware"), tr("Hardware"));
  hardware->setFont(0, bold);
  add(hardware, tr("NPU %1×%2 at %3 GHz").arg(hw.npu.rows).arg(hw.npu.cols).arg(hw.npu.clockGhz), tr("Hardware"));
  add(hardware,
      hw.cim.present() ? tr("CIM %1 macros × %2 KiB").arg(hw.cim.macros).arg(hw.cim.capacityBytesPerMacro / 1024)
                       : tr("CIM: none (NPU-only system)"),
      tr("Hardware"));
  add(hardware, tr("Link %1 GB/s").arg(hw.link.bandwidthGBs), tr("Hardware"));
  if (!hw.measuredTablePath.empty())
    add(hardware, tr("Measured: %1").arg(QString::fromStdString(hw.measuredTablePath)), tr("Hardware"));

  auto* training = add(root, tr("Training"), tr("Training"));
  training->setFont(0, bold);
  add(training, tr("Recipe %1").arg(QString::fromStdString(p.training.recipe)), tr("Training"));
  add(training, tr("%n run(s)", "", int(p.results.runs.size())), tr("Training"));

  auto* search = add(root, tr("Search"), tr("Search"));
  search->setFont(0, bold);
  QStringList objectives;
  for (const auto& o : p.search.objectives) objectives << QString::fromStdString(o);
  add(search, QString("%1: %2").arg(QString::fromStdString(p.search.algorithm), objectives.join(", ")), tr("Search"));
  const long long evaluated = p.results.searchState ? static_cast<long long>(p.results.searchState->cache.size())
                                                   : p.results.search.evaluations;
  add(search, tr("Front: %n arch(s)", "", int(p.results.pareto.size())) +
                  (evaluated > 0 ? tr(" of %1 evaluated").arg(evaluated) : QString()),
      tr("Search"));
  auto* studies = add(root, tr("Studies"), tr("Studies"));
  studies->setFont(0, bold);
  if (p.results.studies.empty()) add(studies, tr("none run yet"), tr("Studies"));
  for (std::size_t i = 0; i < p.results.studies.size(); ++i) {
    const StudyRecord& r = p.results.studies[i];
    add(studies, QString("%1%2").arg(QString::fromStdString(r.study), r.settings.quick ? tr(" (quick)") : QString()),
        tr("Studies"), tr("%1\n%2").arg(formatUtcTime(r.date), QString::fromStdString(r.folder)))
        ->setData(0, kStudyRole, int(i) + 1);
  }
  if (!p.results.selected.empty()) {
    auto* sel = add(root, tr("Selected arch"), tr("Schedule"), QString::fromStdString(p.results.selected));
    sel->setFont(0, bold);
    add(sel, QString::fromStdString(p.results.selected), tr("Schedule"));
  }
  expandAll();
}

QStringList ProjectTree::itemTexts() const {
  QStringList out;
  std::function<void(QTreeWidgetItem*)> walk = [&](QTreeWidgetItem* item) {
    out << item->text(0);
    for (int i = 0; i < item->childCount(); ++i) walk(item->child(i));
  };
  for (int i = 0; i < topLevelItemCount(); ++i) walk(topLevelItem(i));
  return out;
}

}  // namespace h4h::ui
