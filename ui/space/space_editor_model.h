#pragma once
// The logic behind the Search Space editor, free of widgets so it can be tested
// alone: every editable field of a space as text (how the editor shows it), parsing
// a typed value into a candidate space, checking the candidate with the core
// validator, and the summary figures (size, min/max MACs and parameters).

#include <QString>
#include <QStringList>
#include <cstdint>

#include "space/search_space.h"

namespace h4h::ui {

/// Fields of the space outside the stage table.
enum class SpaceField {
  InputChannels, Classes, TrainResolutions, DeployAt, DeployResolution, Activation,
  StemWidths, StemKernel, StemStride, HeadConvWidths, HeadConvExpand, HeadFeatureWidths
};
/// Columns of the stage table (Size is read-only).
enum class StageField {
  Name, Stride, Widths, MbDepths, Kernels, Expands, Se, VitDepths, Heads, MlpRatios, Size
};
constexpr int kStageFieldCount = 11;

/// JSON path of a field as the validator names it ("space.stem.widths").
QString spaceFieldPath(SpaceField field);
QString stageFieldPath(int stage, StageField field);
/// Header / label text.
QString stageFieldTitle(StageField field);
QString stageFieldToolTip(StageField field);

/// The value as the editor shows it: lists as "16, 24", flags as "yes"/"no".
QString spaceFieldText(const SearchSpace& space, SpaceField field);
QString stageFieldText(const StageSpace& stage, StageField field);

/// Parses `text` into the field of `space` (lists: numbers separated by commas or
/// spaces, optional brackets). Returns false with `error` ("path: problem (value)")
/// when the text is not of the field's type; range and consistency are checked by
/// checkSpace.
bool setSpaceField(SearchSpace& space, SpaceField field, const QString& text, QString* error);
bool setStageField(SearchSpace& space, int stage, StageField field, const QString& text,
                   QString* error);

/// validateSpace's problems, one `path: problem (value)` per entry (empty = valid).
QStringList checkSpace(const SearchSpace& space);

/// Figures shown above the editor; computed at the deploy resolution.
struct SpaceStats {
  bool valid = false;
  QString error;          ///< why nothing could be computed (invalid space)
  QString sizeExact;      ///< number of archs, decimal
  double log10Size = 0.0;
  std::int64_t minMacs = 0, maxMacs = 0;
  std::int64_t minParams = 0, maxParams = 0;
  std::int64_t minLayers = 0, maxLayers = 0;
  int minResolution = 0, maxResolution = 0;  ///< input sides the min and max archs are costed at
};
SpaceStats computeSpaceStats(const SearchSpace& space);
/// One line for the summary bar.
QString spaceStatsText(const SpaceStats& stats);

/// A new stage to append: a copy of the last stage (stride 1) named "s<N>".
StageSpace newStageAfter(const SearchSpace& space);

}  // namespace h4h::ui
