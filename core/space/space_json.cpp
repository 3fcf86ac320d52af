#include "space/space_json.h"

#include <cfloat>
#include <climits>
#include <cmath>

#include "space/arch_key.h"
#include "space/space_validate.h"

namespace h4h {

namespace {

// Reads of space fields accept any int and leave the limits to validateSpace; values
// beyond int are reported here, with the problem text validateSpace gives.
constexpr long long kIntMin = INT_MIN;
constexpr long long kIntMax = INT_MAX;

StageSpace stageFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  StageSpace s;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return s;
  s.name = f.getString("name", "");
  s.stride = static_cast<int>(
      f.getInt("stride", 1, kIntMin, kIntMax, Need::Required, strideProblem()));
  s.widths = f.getIntList("widths", {}, kIntMin, kIntMax, Need::Required, false,
                          rangeProblem(1, kMaxWidth));
  s.mbDepths = f.getIntList("mb_depths", {}, kIntMin, kIntMax, Need::Required, false,
                            mbDepthProblem());
  s.kernels = f.getIntList("kernels", {}, kIntMin, kIntMax, Need::Required, false,
                           rangeProblem(1, kMaxKernel));
  s.expands = f.getIntList("expands", {}, kIntMin, kIntMax, Need::Required, false,
                           rangeProblem(1, kMaxExpand));
  s.se = f.getBool("se", false);
  s.vitDepths = f.getIntList("vit_depths", {0}, kIntMin, kIntMax, Need::Optional, false,
                             rangeProblem(0, kMaxDepth));
  s.heads = f.getIntList("heads", {}, kIntMin, kIntMax, Need::Optional, false,
                         rangeProblem(1, kMaxHeads));
  s.mlpRatios = f.getDoubleList("mlp_ratios", {}, -DBL_MAX, DBL_MAX, Need::Optional, false);
  return s;
}

/// Integral ratios as integers (2, not 2.0), so hand-written files survive a save unchanged.
Json ratiosToJson(const std::vector<double>& ratios) {
  Json out = Json::array();
  for (double r : ratios) {
    if (r == std::floor(r) && std::fabs(r) < 1e9) out.push_back(static_cast<long long>(r));
    else out.push_back(r);
  }
  return out;
}

Json stageToJson(const StageSpace& s) {
  return Json{{"name", s.name},         {"stride", s.stride},   {"widths", s.widths},
              {"mb_depths", s.mbDepths}, {"kernels", s.kernels}, {"expands", s.expands},
              {"se", s.se},             {"vit_depths", s.vitDepths}, {"heads", s.heads},
              {"mlp_ratios", ratiosToJson(s.mlpRatios)}};
}

StageArch stageArchFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  StageArch s;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return s;
  s.width = static_cast<int>(f.getInt("width", 0, 1, kMaxWidth, Need::Required));
  s.kernels = f.getIntList("kernels", {}, 1, kMaxKernel, Need::Required);
  s.expands = f.getIntList("expands", {}, 1, kMaxExpand, Need::Required);
  s.heads = f.getIntList("heads", {}, 1, kMaxHeads, Need::Optional, false);
  s.mlpRatios = f.getDoubleList("mlp_ratios", {}, 1e-9, kMaxMlpRatio, Need::Optional, false);
  s.mbDepth = static_cast<int>(s.kernels.size());
  s.vitDepth = static_cast<int>(s.heads.size());
  const long long mbDepth = f.getInt("mb_depth", s.mbDepth, 1, kMaxDepth);
  const long long vitDepth = f.getInt("vit_depth", s.vitDepth, 0, kMaxDepth);
  if (mbDepth != s.mbDepth || static_cast<long long>(s.expands.size()) != mbDepth)
    errors.add(f.pathOf("kernels"),
               "kernels and expands must have one entry per MBConv layer (mb_depth = " +
                   std::to_string(mbDepth) + ")",
               std::to_string(s.kernels.size()) + " kernels, " + std::to_string(s.expands.size()) +
                   " expands");
  if (vitDepth != s.vitDepth || static_cast<long long>(s.mlpRatios.size()) != vitDepth)
    errors.add(f.pathOf("heads"),
               "heads and mlp_ratios must have one entry per ViT layer (vit_depth = " +
                   std::to_string(vitDepth) + ")",
               std::to_string(s.heads.size()) + " heads, " + std::to_string(s.mlpRatios.size()) +
                   " mlp_ratios");
  return s;
}

}  // namespace

SearchSpace spaceFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  SearchSpace s;
  const std::size_t before = errors.size();
  JsonFields f(j, path, errors);
  if (!f.isObject()) return s;
  s.inputChannels = static_cast<int>(f.getInt("input_channels", 3, kIntMin, kIntMax,
                                               Need::Optional, rangeProblem(1, kMaxInputChannels)));
  s.classes = static_cast<int>(
      f.getInt("classes", 1000, kIntMin, kIntMax, Need::Required, rangeProblem(2, kMaxClasses)));
  s.trainResolutions = f.getIntList("train_resolutions", {}, kIntMin, kIntMax, Need::Required,
                                    false, rangeProblem(1, kMaxResolution));
  s.deployResolution = static_cast<int>(f.getInt("deploy_resolution", 0, kIntMin, kIntMax,
                                                 Need::Required, rangeProblem(1, kMaxResolution)));
  s.fixedDeployResolution = f.getBool("fixed_deploy_resolution", false);
  s.activation = f.getString("activation", "swish");

  if (const Json* stem = f.child("stem", Need::Required)) {
    JsonFields sf(*stem, f.pathOf("stem"), errors);
    s.stem.widths = sf.getIntList("widths", {}, kIntMin, kIntMax, Need::Required, false,
                                  rangeProblem(1, kMaxWidth));
    s.stem.kernel = static_cast<int>(
        sf.getInt("kernel", 3, kIntMin, kIntMax, Need::Optional, stemKernelProblem()));
    s.stem.stride = static_cast<int>(
        sf.getInt("stride", 2, kIntMin, kIntMax, Need::Optional, strideProblem()));
  }
  s.stages.clear();
  if (const Json* stages = f.child("stages", Need::Required)) {
    if (!stages->is_array()) {
      errors.add(f.pathOf("stages"), "must be an array of stages", describeJson(*stages));
    } else {
      for (std::size_t i = 0; i < stages->size(); ++i)
        s.stages.push_back(stageFromJson((*stages)[i], joinIndex(f.pathOf("stages"), i), errors));
    }
  }
  if (const Json* head = f.child("head")) {
    JsonFields hf(*head, f.pathOf("head"), errors);
    s.head.convWidths = hf.getIntList("conv_widths", {}, kIntMin, kIntMax, Need::Optional, false,
                                      rangeProblem(1, kMaxWidth));
    s.head.convExpand = static_cast<int>(hf.getInt("conv_expand", 0, kIntMin, kIntMax,
                                                   Need::Optional, rangeProblem(0, kMaxExpand)));
    s.head.featureWidths = hf.getIntList("feature_widths", {}, kIntMin, kIntMax, Need::Optional,
                                         false, rangeProblem(1, kMaxWidth));
  }
  // Semantic checks only on a well-formed document: fallbacks of fields that failed
  // to read would otherwise be reported a second time.
  if (errors.size() == before) validateSpace(s, path, errors);
  return s;
}

Json spaceToJson(const SearchSpace& s) {
  Json stages = Json::array();
  for (const StageSpace& st : s.stages) stages.push_back(stageToJson(st));
  Json j{{"input_channels", s.inputChannels},
              {"classes", s.classes},
              {"train_resolutions", s.trainResolutions},
              {"deploy_resolution", s.deployResolution},
              {"activation", s.activation},
              {"stem", {{"widths", s.stem.widths}, {"kernel", s.stem.kernel},
                        {"stride", s.stem.stride}}},
              {"stages", stages},
              {"head", {{"conv_widths", s.head.convWidths},
                        {"conv_expand", s.head.convExpand},
                        {"feature_widths", s.head.featureWidths}}}};
  // Written only when set: the default keeps files from before the option unchanged.
  if (s.fixedDeployResolution) j["fixed_deploy_resolution"] = true;
  return j;
}

Arch archFromJson(const Json& j, const std::string& path, ErrorList& errors) {
  Arch a;
  JsonFields f(j, path, errors);
  if (!f.isObject()) return a;
  if (f.has("key")) {
    const std::string key = f.getString("key", "", Need::Required);
    try {
      return parseArchKey(key);
    } catch (const InputError& e) {
      errors.add(f.pathOf("key"), e.what());
      return a;
    }
  }
  a.resolution = static_cast<int>(f.getInt("resolution", 0, 1, kMaxResolution, Need::Required));
  a.stemWidth = static_cast<int>(f.getInt("stem_width", 0, 1, kMaxWidth, Need::Required));
  if (const Json* stages = f.child("stages", Need::Required)) {
    if (!stages->is_array()) {
      errors.add(f.pathOf("stages"), "must be an array of stages", describeJson(*stages));
    } else {
      for (std::size_t i = 0; i < stages->size(); ++i)
        a.stages.push_back(
            stageArchFromJson((*stages)[i], joinIndex(f.pathOf("stages"), i), errors));
    }
  }
  a.headWidth = static_cast<int>(f.getInt("head_width", 0, 0, kMaxWidth * kMaxExpand));
  a.featureWidth = static_cast<int>(f.getInt("feature_width", 0, 0, kMaxWidth));
  return a;
}

Json archToJson(const Arch& a) {
  Json stages = Json::array();
  for (const StageArch& s : a.stages)
    stages.push_back(Json{{"width", s.width},
                          {"mb_depth", s.mbDepth},
                          {"kernels", s.kernels},
                          {"expands", s.expands},
                          {"vit_depth", s.vitDepth},
                          {"heads", s.heads},
                          {"mlp_ratios", ratiosToJson(s.mlpRatios)}});
  return Json{{"resolution", a.resolution},
              {"stem_width", a.stemWidth},
              {"stages", stages},
              {"head_width", a.headWidth},
              {"feature_width", a.featureWidth}};
}

}  // namespace h4h
