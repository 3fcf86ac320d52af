#include "graph/layer_graph.h"

#include <algorithm>
#include <cmath>

#include "util/errors.h"

namespace h4h {

std::int64_t mlpHiddenWidth(double ratio, int width) {
  return static_cast<std::int64_t>(std::floor(ratio * width + 0.5));
}

std::int64_t seReducedWidth(std::int64_t channels) { return std::max<std::int64_t>(8, channels / 4); }

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

/// Throws InputError when `arch` cannot be lowered.
void checkLowerable(const SearchSpace& space, const Arch& arch, const LowerOptions& o,
                    int resolution) {
  ErrorList e;
  if (o.weightBits < 1 || o.weightBits > 32)
    e.add("weight_bits", "must be in [1, 32]", std::to_string(o.weightBits));
  if (o.activationBits < 1 || o.activationBits > 32)
    e.add("activation_bits", "must be in [1, 32]", std::to_string(o.activationBits));
  if (resolution < 1 || resolution > 16384)
    e.add("resolution", "must be in [1, 16384]", std::to_string(resolution));
  if (space.inputChannels < 1) e.add("space.input_channels", "must be positive");
  if (space.classes < 1) e.add("space.classes", "must be positive");
  if (space.stem.kernel < 1 || space.stem.kernel % 2 == 0)
    e.add("space.stem.kernel", "must be odd and positive", std::to_string(space.stem.kernel));
  if (space.stem.stride < 1) e.add("space.stem.stride", "must be positive");
  if (arch.stemWidth < 1) e.add("arch.stem_width", "must be positive", std::to_string(arch.stemWidth));
  if (arch.headWidth < 0) e.add("arch.head_width", "must be >= 0", std::to_string(arch.headWidth));
  if (arch.featureWidth < 0)
    e.add("arch.feature_width", "must be >= 0", std::to_string(arch.featureWidth));
  if (arch.stages.size() != space.stages.size())
    e.add("arch.stages", "must have one entry per stage of the space (" +
                             std::to_string(space.stages.size()) + ")",
          std::to_string(arch.stages.size()));
  for (std::size_t i = 0; i < arch.stages.size() && i < space.stages.size(); ++i) {
    const StageArch& s = arch.stages[i];
    // The path text only when there is an error to report: this runs on every lowering.
    auto p = [&] { return joinIndex("arch.stages", i); };
    if (space.stages[i].stride < 1)
      e.add(joinIndex("space.stages", i) + ".stride", "must be positive");
    if (s.width < 1) e.add(p() + ".width", "must be positive", std::to_string(s.width));
    if (s.mbDepth < 1 || static_cast<int>(s.kernels.size()) != s.mbDepth ||
        static_cast<int>(s.expands.size()) != s.mbDepth)
      e.add(p() + ".kernels", "kernels and expands must have mb_depth >= 1 entries",
            std::to_string(s.mbDepth));
    for (int k : s.kernels)
      if (k < 1 || k % 2 == 0) e.add(p() + ".kernels", "must be odd and positive", std::to_string(k));
    for (int x : s.expands)
      if (x < 1) e.add(p() + ".expands", "must be positive", std::to_string(x));
    if (s.vitDepth < 0 || static_cast<int>(s.heads.size()) != s.vitDepth ||
        static_cast<int>(s.mlpRatios.size()) != s.vitDepth)
      e.add(p() + ".heads", "heads and mlp_ratios must have vit_depth entries",
            std::to_string(s.vitDepth));
    for (int h : s.heads)
      if (h < 1 || (s.width > 0 && s.width % h != 0))
        e.add(p() + ".heads", "must divide the width (" + std::to_string(s.width) + ")",
              std::to_string(h));
    for (double r : s.mlpRatios)
      if (!(mlpHiddenWidth(r, s.width) >= 1))
        e.add(p() + ".mlp_ratios", "must give an MLP hidden width >= 1", std::to_string(r));
  }
  if (!e.empty()) throw InputError(e);
}

class Lowerer {
public:
  explicit Lowerer(const LowerOptions& o) : m_opts(o) {
    m_layers.reserve(256);  // a paper-space net has ~190 layers: no regrowth on the hot path
  }

  std::vector<Layer> take() { return std::move(m_layers); }
  int lastId() const { return static_cast<int>(m_layers.size()) - 1; }
  const TensorShape& current() const { return m_cur; }
  void setInput(const TensorShape& s) { m_cur = s; }

  std::int64_t actBytes(std::int64_t elements) const {
    return ceilDiv(elements * m_opts.activationBits, 8);
  }

  /// A k×k convolution on the current map (conv / pwconv / dwconv by `kind`).
  void conv(const std::string& block, LayerKind kind, std::int64_t cout, int k, int stride,
            bool depthwise, bool batchNorm, bool bias) {
    const TensorShape in = m_cur;
    const TensorShape out{cout, ceilDiv(in.h, stride), ceilDiv(in.w, stride)};
    const std::int64_t groups = depthwise ? in.c : 1;
    Layer& l = push(block, kind, in, out);
    l.kernel = k;
    l.stride = stride;
    l.gemm = {out.h * out.w, in.c / groups * k * k, cout / groups, groups};
    l.macs = l.gemm.macs();
    l.params = cout * (in.c / groups) * k * k + (batchNorm ? 2 * cout : 0) + (bias ? cout : 0);
    finish(l);
  }

  /// A fully connected layer on tokens (M = H·W) or on a pooled vector (M = 1).
  void linear(const std::string& block, LayerKind kind, std::int64_t cout) {
    const TensorShape in = m_cur;
    const TensorShape out{cout, in.h, in.w};
    Layer& l = push(block, kind, in, out);
    l.gemm = {in.h * in.w, in.c, cout, 1};
    l.macs = l.gemm.macs();
    l.params = in.c * cout + cout;
    finish(l);
  }

  void se(const std::string& block) {
    const TensorShape in = m_cur;
    const std::int64_t red = seReducedWidth(in.c);
    Layer& l = push(block, LayerKind::Se, in, in);
    l.gemm = {1, in.c, red, 2};  // reduce FC and expand FC: two 1×C·C×C_se products
    l.macs = l.gemm.macs();
    l.params = 2 * in.c * red + red + in.c;
    finish(l);
  }

  void add(const std::string& block, int residualSource) {
    Layer& l = push(block, LayerKind::Add, m_cur, m_cur);
    l.residualSource = residualSource;
    finish(l);
    l.inBytes = 2 * actBytes(m_cur.elements());
  }

  void layerNorm(const std::string& block) {
    Layer& l = push(block, LayerKind::LayerNorm, m_cur, m_cur);
    l.params = 2 * m_cur.c;
    finish(l);
  }

  void pool(const std::string& block) {
    Layer& l = push(block, LayerKind::Pool, m_cur, {m_cur.c, 1, 1});
    finish(l);
  }

  /// Q·Kᵀ per head then attention·V per head, on a map of d channels after attn_qkv.
  void attention(const std::string& block, std::int64_t d, std::int64_t heads) {
    const std::int64_t h = m_cur.h, w = m_cur.w, n = h * w;
    m_cur = {2 * d, h, w};
    Layer& qk = push(block, LayerKind::AttnQk, m_cur, {heads, n, n});
    qk.gemm = {n, d / heads, n, heads};
    qk.macs = qk.gemm.macs();
    qk.activationOperands = true;
    finish(qk);

    Layer& av = push(block, LayerKind::AttnAv, {heads, n, n}, {d, h, w});
    av.gemm = {n, n, d / heads, heads};
    av.macs = av.gemm.macs();
    av.activationOperands = true;
    finish(av);
    av.inBytes = actBytes(heads * n * n + n * d);
  }

private:
  Layer& push(const std::string& block, LayerKind kind, const TensorShape& in,
              const TensorShape& out) {
    // Built in place: a local Layer moved in would be copied whole (~200 bytes).
    Layer& l = m_layers.emplace_back();
    l.id = static_cast<int>(m_layers.size()) - 1;
    l.block = block;
    l.kind = kind;
    l.in = in;
    l.out = out;
    m_cur = out;
    return l;
  }

  void finish(Layer& l) const {
    l.weightBytes = ceilDiv(l.params * m_opts.weightBits, 8);
    l.inBytes = actBytes(l.in.elements());
    l.outBytes = actBytes(l.out.elements());
  }

  LowerOptions m_opts;
  std::vector<Layer> m_layers;
  TensorShape m_cur;
};

}  // namespace

std::vector<Layer> lowerArch(const SearchSpace& space, const Arch& arch,
                             const LowerOptions& options) {
  const int resolution = options.resolution > 0 ? options.resolution : arch.resolution;
  checkLowerable(space, arch, options, resolution);

  Lowerer g(options);
  g.setInput({space.inputChannels, resolution, resolution});
  g.conv("stem", LayerKind::Conv, arch.stemWidth, space.stem.kernel, space.stem.stride, false,
         true, false);

  for (std::size_t i = 0; i < arch.stages.size(); ++i) {
    const StageArch& s = arch.stages[i];
    const StageSpace& ss = space.stages[i];
    const std::string stage = "s" + std::to_string(i);
    for (int j = 0; j < s.mbDepth; ++j) {
      const std::string block = stage + ".mb" + std::to_string(j);
      const int source = g.lastId();
      const std::int64_t cin = g.current().c;
      const int stride = j == 0 ? ss.stride : 1;
      const std::int64_t hidden = cin * s.expands[j];
      if (s.expands[j] > 1) g.conv(block, LayerKind::PwConv, hidden, 1, 1, false, true, false);
      g.conv(block, LayerKind::DwConv, hidden, s.kernels[j], stride, true, true, false);
      if (ss.se) g.se(block);
      g.conv(block, LayerKind::PwConv, s.width, 1, 1, false, true, false);
      if (stride == 1 && cin == s.width) g.add(block, source);
    }
    if (s.vitDepth > 0) {
      const std::string pos = stage + ".pos";
      g.conv(pos, LayerKind::DwConv, s.width, 3, 1, true, false, true);
      g.add(pos, g.lastId() - 1);
    }
    const std::int64_t d = s.width;
    for (int j = 0; j < s.vitDepth; ++j) {
      const std::string block = stage + ".vit" + std::to_string(j);
      const int attnSource = g.lastId();
      g.layerNorm(block);
      g.linear(block, LayerKind::AttnQkv, 3 * d);
      g.attention(block, d, s.heads[j]);
      g.linear(block, LayerKind::AttnProj, d);
      g.add(block, attnSource);
      const int mlpSource = g.lastId();
      g.layerNorm(block);
      g.linear(block, LayerKind::MlpFc1, mlpHiddenWidth(s.mlpRatios[j], s.width));
      g.linear(block, LayerKind::MlpFc2, d);
      g.add(block, mlpSource);
    }
  }

  if (arch.headWidth > 0)
    g.conv("head", LayerKind::PwConv, arch.headWidth, 1, 1, false, true, false);
  g.pool("head");
  if (arch.featureWidth > 0) g.linear("feature", LayerKind::Fc, arch.featureWidth);
  g.linear("classifier", LayerKind::Fc, space.classes);
  return g.take();
}

GraphTotals graphTotals(const std::vector<Layer>& layers) {
  GraphTotals t;
  for (const Layer& l : layers) {
    ++t.layers;
    t.macs += l.macs;
    t.params += l.params;
    t.weightBytes += l.weightBytes;
    t.activationBytes += l.inBytes + l.outBytes;
    t.peakActivationBytes = std::max(t.peakActivationBytes, l.inBytes + l.outBytes);
  }
  return t;
}

}  // namespace h4h
