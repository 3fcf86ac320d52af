#include "ui/project/section_commands.h"

#include "space/space_json.h"

namespace h4h::ui {

bool sectionEquals(const SearchSpace& a, const SearchSpace& b) {
  return spaceToJson(a) == spaceToJson(b);
}
bool sectionEquals(const HardwareConfig& a, const HardwareConfig& b) { return a == b; }
bool sectionEquals(const TrainingConfig& a, const TrainingConfig& b) {
  return trainingConfigToJson(a) == trainingConfigToJson(b);
}
bool sectionEquals(const DataConfig& a, const DataConfig& b) {
  return dataConfigToJson(a) == dataConfigToJson(b);
}
bool sectionEquals(const ProjectResults& a, const ProjectResults& b) { return a == b; }

}  // namespace h4h::ui
