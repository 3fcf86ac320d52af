#include "graph/layer.h"

#include <iterator>

namespace h4h {

namespace {
struct KindName {
  LayerKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {LayerKind::Conv, "conv"},          {LayerKind::PwConv, "pwconv"},
    {LayerKind::DwConv, "dwconv"},      {LayerKind::Se, "se"},
    {LayerKind::AttnQkv, "attn_qkv"},   {LayerKind::AttnQk, "attn_qk"},
    {LayerKind::AttnAv, "attn_av"},     {LayerKind::AttnProj, "attn_proj"},
    {LayerKind::MlpFc1, "mlp_fc1"},     {LayerKind::MlpFc2, "mlp_fc2"},
    {LayerKind::LayerNorm, "layernorm"}, {LayerKind::Add, "add"},
    {LayerKind::Pool, "pool"},          {LayerKind::Fc, "fc"},
    {LayerKind::Softmax, "softmax"},    {LayerKind::MlpAct, "mlp_act"},
};
static_assert(std::size(kKindNames) == kLayerKindCount, "every LayerKind has a name");
}  // namespace

const char* layerKindName(LayerKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "unknown";
}

bool parseLayerKind(const std::string& name, LayerKind& kind) {
  for (const auto& k : kKindNames) {
    if (name == k.name) {
      kind = k.kind;
      return true;
    }
  }
  return false;
}

}  // namespace h4h
