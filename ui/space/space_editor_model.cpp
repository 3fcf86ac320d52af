#include "ui/space/space_editor_model.h"

#include <QRegularExpression>
#include <cmath>

#include "graph/layer_graph.h"
#include "space/space_ops.h"
#include "space/space_validate.h"
#include "ui/common/units.h"

namespace h4h::ui {

namespace {

QString joinNumbers(const std::vector<int>& values) {
  QStringList parts;
  for (int v : values) parts << QString::number(v);
  return parts.join(", ");
}

QString joinNumbers(const std::vector<double>& values) {
  QStringList parts;
  for (double v : values) parts << QString::number(v, 'g', 6);
  return parts.join(", ");
}

QStringList tokens(const QString& text) {
  QString t = text.trimmed();
  if (t.startsWith('[') || t.startsWith('{')) t.remove(0, 1);
  if (t.endsWith(']') || t.endsWith('}')) t.chop(1);
  static const QRegularExpression kSeparators(QStringLiteral("[,;\\s]+"));
  return t.split(kSeparators, Qt::SkipEmptyParts);
}

QString problem(const QString& path, const QString& what, const QString& value) {
  return QStringLiteral("%1: %2 (%3)").arg(path, what, value);
}

bool parseIntList(const QString& text, const QString& path, std::vector<int>& out,
                  QString* error) {
  std::vector<int> values;
  for (const QString& tok : tokens(text)) {
    bool ok = false;
    const int v = tok.toInt(&ok);
    if (!ok) {
      if (error) *error = problem(path, "must be a list of integers", tok);
      return false;
    }
    values.push_back(v);
  }
  out = std::move(values);
  return true;
}

bool parseDoubleList(const QString& text, const QString& path, std::vector<double>& out,
                     QString* error) {
  std::vector<double> values;
  for (const QString& tok : tokens(text)) {
    bool ok = false;
    const double v = tok.toDouble(&ok);
    if (!ok || !std::isfinite(v)) {
      if (error) *error = problem(path, "must be a list of numbers", tok);
      return false;
    }
    values.push_back(v);
  }
  out = std::move(values);
  return true;
}

bool parseInt(const QString& text, const QString& path, int& out, QString* error) {
  bool ok = false;
  const int v = text.trimmed().toInt(&ok);
  if (!ok) {
    if (error) *error = problem(path, "must be an integer", text.trimmed());
    return false;
  }
  out = v;
  return true;
}

bool parseFlag(const QString& text, const QString& path, bool& out, QString* error) {
  const QString t = text.trimmed().toLower();
  if (t == "yes" || t == "true" || t == "1" || t == "on") out = true;
  else if (t == "no" || t == "false" || t == "0" || t == "off") out = false;
  else {
    if (error) *error = problem(path, "must be yes or no", text.trimmed());
    return false;
  }
  return true;
}

const char* stageKey(StageField field) {
  switch (field) {
    case StageField::Name: return "name";
    case StageField::Stride: return "stride";
    case StageField::Widths: return "widths";
    case StageField::MbDepths: return "mb_depths";
    case StageField::Kernels: return "kernels";
    case StageField::Expands: return "expands";
    case StageField::Se: return "se";
    case StageField::VitDepths: return "vit_depths";
    case StageField::Heads: return "heads";
    case StageField::MlpRatios: return "mlp_ratios";
    case StageField::Size: return "size";
  }
  return "";
}

}  // namespace

QString spaceFieldPath(SpaceField field) {
  switch (field) {
    case SpaceField::InputChannels: return "space.input_channels";
    case SpaceField::Classes: return "space.classes";
    case SpaceField::TrainResolutions: return "space.train_resolutions";
    case SpaceField::DeployAt: return "space.fixed_deploy_resolution";
    case SpaceField::DeployResolution: return "space.deploy_resolution";
    case SpaceField::Activation: return "space.activation";
    case SpaceField::StemWidths: return "space.stem.widths";
    case SpaceField::StemKernel: return "space.stem.kernel";
    case SpaceField::StemStride: return "space.stem.stride";
    case SpaceField::HeadConvWidths: return "space.head.conv_widths";
    case SpaceField::HeadConvExpand: return "space.head.conv_expand";
    case SpaceField::HeadFeatureWidths: return "space.head.feature_widths";
  }
  return "space";
}

QString stageFieldPath(int stage, StageField field) {
  return QStringLiteral("space.stages[%1].%2").arg(stage).arg(stageKey(field));
}

QString stageFieldTitle(StageField field) {
  switch (field) {
    case StageField::Name: return QObject::tr("Name");
    case StageField::Stride: return QObject::tr("Stride");
    case StageField::Widths: return QObject::tr("Widths");
    case StageField::MbDepths: return QObject::tr("MB depths");
    case StageField::Kernels: return QObject::tr("Kernels");
    case StageField::Expands: return QObject::tr("Expands");
    case StageField::Se: return QObject::tr("SE");
    case StageField::VitDepths: return QObject::tr("ViT depths");
    case StageField::Heads: return QObject::tr("Heads");
    case StageField::MlpRatios: return QObject::tr("MLP ratios");
    case StageField::Size: return QObject::tr("Choices");
  }
  return QString();
}

QString stageFieldToolTip(StageField field) {
  switch (field) {
    case StageField::Name: return QObject::tr("Free label of the stage");
    case StageField::Stride: return QObject::tr("1 or 2, applied by the stage's first MBConv layer");
    case StageField::Widths: return QObject::tr("Output channel choices, e.g. 24, 32");
    case StageField::MbDepths: return QObject::tr("Number of MBConv layers (each ≥ 1)");
    case StageField::Kernels: return QObject::tr("Depthwise kernel choices (odd: 3, 5, 7)");
    case StageField::Expands: return QObject::tr("Expand-ratio choices (1 = no expand conv)");
    case StageField::Se: return QObject::tr("Squeeze-excite in every MBConv layer");
    case StageField::VitDepths: return QObject::tr("ViT block counts; 0 keeps the stage pure CNN");
    case StageField::Heads: return QObject::tr("Head-count choices; each must divide every width");
    case StageField::MlpRatios: return QObject::tr("MLP hidden width = ratio × width");
    case StageField::Size: return QObject::tr("Number of distinct picks of this stage");
  }
  return QString();
}

QString spaceFieldText(const SearchSpace& s, SpaceField field) {
  switch (field) {
    case SpaceField::InputChannels: return QString::number(s.inputChannels);
    case SpaceField::Classes: return QString::number(s.classes);
    case SpaceField::TrainResolutions: return joinNumbers(s.trainResolutions);
    case SpaceField::DeployAt: return s.fixedDeployResolution ? "fixed" : "subnet";
    case SpaceField::DeployResolution: return QString::number(s.deployResolution);
    case SpaceField::Activation: return QString::fromStdString(s.activation);
    case SpaceField::StemWidths: return joinNumbers(s.stem.widths);
    case SpaceField::StemKernel: return QString::number(s.stem.kernel);
    case SpaceField::StemStride: return QString::number(s.stem.stride);
    case SpaceField::HeadConvWidths: return joinNumbers(s.head.convWidths);
    case SpaceField::HeadConvExpand: return QString::number(s.head.convExpand);
    case SpaceField::HeadFeatureWidths: return joinNumbers(s.head.featureWidths);
  }
  return QString();
}

QString stageFieldText(const StageSpace& s, StageField field) {
  switch (field) {
    case StageField::Name: return QString::fromStdString(s.name);
    case StageField::Stride: return QString::number(s.stride);
    case StageField::Widths: return joinNumbers(s.widths);
    case StageField::MbDepths: return joinNumbers(s.mbDepths);
    case StageField::Kernels: return joinNumbers(s.kernels);
    case StageField::Expands: return joinNumbers(s.expands);
    case StageField::Se: return s.se ? QObject::tr("yes") : QObject::tr("no");
    case StageField::VitDepths: return joinNumbers(s.vitDepths);
    case StageField::Heads: return joinNumbers(s.heads);
    case StageField::MlpRatios: return joinNumbers(s.mlpRatios);
    case StageField::Size: {
      ErrorList errors;
      SearchSpace one;
      one.stages = {s};
      validateSpace(one, "s", errors);
      bool stageOk = true;
      for (const FieldError& e : errors.items())
        if (e.path.rfind("s.stages", 0) == 0) stageOk = false;
      if (!stageOk) return QStringLiteral("—");
      const QString exact = QString::fromStdString(stageSizeExact(s));
      if (exact.size() <= 9) return exact;
      return QStringLiteral("%1e%2").arg(exact.left(1) + "." + exact.mid(1, 2)).arg(exact.size() - 1);
    }
  }
  return QString();
}

bool setSpaceField(SearchSpace& s, SpaceField field, const QString& text, QString* error) {
  const QString path = spaceFieldPath(field);
  switch (field) {
    case SpaceField::InputChannels: return parseInt(text, path, s.inputChannels, error);
    case SpaceField::Classes: return parseInt(text, path, s.classes, error);
    case SpaceField::TrainResolutions: return parseIntList(text, path, s.trainResolutions, error);
    case SpaceField::DeployAt:
      if (text.trimmed() != "fixed" && text.trimmed() != "subnet") {
        if (error) *error = problem(path, "must be subnet or fixed", text);
        return false;
      }
      s.fixedDeployResolution = text.trimmed() == "fixed";
      return true;
    case SpaceField::DeployResolution: return parseInt(text, path, s.deployResolution, error);
    case SpaceField::Activation: s.activation = text.trimmed().toStdString(); return true;
    case SpaceField::StemWidths: return parseIntList(text, path, s.stem.widths, error);
    case SpaceField::StemKernel: return parseInt(text, path, s.stem.kernel, error);
    case SpaceField::StemStride: return parseInt(text, path, s.stem.stride, error);
    case SpaceField::HeadConvWidths: return parseIntList(text, path, s.head.convWidths, error);
    case SpaceField::HeadConvExpand: return parseInt(text, path, s.head.convExpand, error);
    case SpaceField::HeadFeatureWidths:
      return parseIntList(text, path, s.head.featureWidths, error);
  }
  return false;
}

bool setStageField(SearchSpace& space, int stage, StageField field, const QString& text,
                   QString* error) {
  const QString path = stageFieldPath(stage, field);
  if (stage < 0 || stage >= static_cast<int>(space.stages.size())) {
    if (error) *error = problem(path, "no such stage", QString::number(stage));
    return false;
  }
  StageSpace& s = space.stages[static_cast<std::size_t>(stage)];
  switch (field) {
    case StageField::Name: s.name = text.trimmed().toStdString(); return true;
    case StageField::Stride: return parseInt(text, path, s.stride, error);
    case StageField::Widths: return parseIntList(text, path, s.widths, error);
    case StageField::MbDepths: return parseIntList(text, path, s.mbDepths, error);
    case StageField::Kernels: return parseIntList(text, path, s.kernels, error);
    case StageField::Expands: return parseIntList(text, path, s.expands, error);
    case StageField::Se: return parseFlag(text, path, s.se, error);
    case StageField::VitDepths: return parseIntList(text, path, s.vitDepths, error);
    case StageField::Heads: return parseIntList(text, path, s.heads, error);
    case StageField::MlpRatios: return parseDoubleList(text, path, s.mlpRatios, error);
    case StageField::Size:
      if (error) *error = problem(path, "is computed, not editable", text);
      return false;
  }
  return false;
}

QStringList checkSpace(const SearchSpace& space) {
  ErrorList errors;
  validateSpace(space, "space", errors);
  QStringList out;
  for (const FieldError& e : errors.items()) out << QString::fromStdString(e.str());
  return out;
}

SpaceStats computeSpaceStats(const SearchSpace& space) {
  SpaceStats st;
  const QStringList problems = checkSpace(space);
  if (!problems.isEmpty()) {
    st.error = problems.first();
    return st;
  }
  try {
    st.sizeExact = QString::fromStdString(spaceSizeExact(space));
    st.log10Size = log10SpaceSize(space);
    const Arch smallest = minArch(space), largest = maxArch(space);
    st.minResolution = deploymentResolution(space, smallest);
    st.maxResolution = deploymentResolution(space, largest);
    const GraphTotals lo = graphTotals(lowerArch(space, smallest, LowerOptions{st.minResolution}));
    const GraphTotals hi = graphTotals(lowerArch(space, largest, LowerOptions{st.maxResolution}));
    st.minMacs = lo.macs;
    st.maxMacs = hi.macs;
    st.minParams = lo.params;
    st.maxParams = hi.params;
    st.minLayers = lo.layers;
    st.maxLayers = hi.layers;
    st.valid = true;
  } catch (const std::exception& e) {
    st.error = QString::fromUtf8(e.what());
  }
  return st;
}

QString spaceStatsText(const SpaceStats& st) {
  if (!st.valid) return QObject::tr("Invalid space: %1").arg(st.error);
  QString size;
  if (st.sizeExact.size() <= 15) {
    size = st.sizeExact;
    for (int i = size.size() - 3; i > 0; i -= 3) size.insert(i, QChar(0x2009));  // thin space
  } else {
    size = QStringLiteral("10^%1").arg(st.log10Size, 0, 'f', 1);
  }
  const QString at = st.minResolution == st.maxResolution
                         ? QStringLiteral("%1×%1").arg(st.minResolution)
                         : QStringLiteral("%1–%2 px").arg(st.minResolution).arg(st.maxResolution);
  return QObject::tr("%1 archs  ·  MACs %2 – %3  ·  params %4 – %5  ·  %6 – %7 layers at %8")
      .arg(size, formatCount(double(st.minMacs)), formatCount(double(st.maxMacs)),
           formatCount(double(st.minParams)), formatCount(double(st.maxParams)))
      .arg(st.minLayers)
      .arg(st.maxLayers)
      .arg(at);
}

StageSpace newStageAfter(const SearchSpace& space) {
  StageSpace s;
  if (!space.stages.empty()) s = space.stages.back();
  else {
    s.widths = {32};
    s.mbDepths = {1};
    s.kernels = {3};
    s.expands = {4};
  }
  s.stride = 1;
  s.name = "s" + std::to_string(space.stages.size() + 1);
  return s;
}

}  // namespace h4h::ui
