#include "graph/layer_graph.h"

#include <algorithm>
#include <cmath>

#include "util/checked_math.h"
#include "util/errors.h"

namespace h4h {

std::int64_t mlpHiddenWidth(double ratio, int width) {
  const double v = std::floor(ratio * width + 0.5);
  // NaN and values beyond 64 bits must not reach the conversion (undefined behaviour).
  if (!(v >= 0.0)) return v < 0.0 ? -1 : 0;
  return v < 4.0e18 ? static_cast<std::int64_t>(v) : kSaturated;
}

std::int64_t seReducedWidth(std::int64_t channels) { return std::max<std::int64_t>(8, channels / 4); }

namespace {

std::int64_t elementsOf(const TensorShape& s) { return satMul(s.c, s.h, s.w); }

std::string text(std::int64_t v) { return v == kSaturated ? std::string("> 2^63") : std::to_string(v); }

/// Throws InputError naming the first count of `l` beyond kMaxLayerCount (the factors
/// of the product that made it).
[[noreturn]] void throwTooLarge(const Layer& l) {
  const std::string where = "layer " + std::to_string(l.id) + " (" + l.block + " " + layerKindName(l.kind) + ")";
  auto shape = [](const TensorShape& s) {
    return std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
  };
  const std::string limit = std::string(" exceeds ") + kMaxLayerCountText + ", the most one layer may have";
  const GemmView& g = l.gemm;
  if (l.macs > kMaxLayerCount)
    throw InputError(where + ": MACs M x K x N x groups = " + std::to_string(g.m) + " x " + std::to_string(g.k) +
                     " x " + std::to_string(g.n) + " x " + std::to_string(g.groups) + " (" + text(l.macs) + ")" + limit);
  if (elementsOf(l.in) > kMaxLayerCount || elementsOf(l.out) > kMaxLayerCount)
    throw InputError(where + ": tensor elements (in " + shape(l.in) + ", out " + shape(l.out) + ")" + limit);
  if (l.params > kMaxLayerCount || l.weightBytes > kMaxLayerCount)
    throw InputError(where + ": parameters (" + text(l.params) + ")" + limit);
  throw InputError(where + ": activation bytes (in " + text(l.inBytes) + ", out " + text(l.outBytes) + ")" + limit);
}

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

/// Builds the layers. kChecked: every product saturates and each layer is checked
/// against kMaxLayerCount (throwing a named InputError); without it the arithmetic is
/// plain, for archs whose bound (countsBound) shows nothing can come near the limit.
template <bool kChecked>
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
    return cdiv(mul(elements, m_opts.activationBits), 8);
  }

  /// A k×k convolution on the current map (conv / pwconv / dwconv by `kind`).
  void conv(const std::string& block, LayerKind kind, std::int64_t cout, int k, int stride,
            bool depthwise, bool batchNorm, bool bias) {
    const TensorShape in = m_cur;
    const TensorShape out{cout, cdiv(in.h, stride), cdiv(in.w, stride)};
    const std::int64_t groups = depthwise ? in.c : 1;
    Layer& l = push(block, kind, in, out);
    l.kernel = k;
    l.stride = stride;
    l.gemm = {mul(out.h, out.w), mul(in.c / groups, k, k), cout / groups, groups};
    l.macs = gemmMacs(l.gemm);
    l.params = add(mul(cout, in.c / groups, k, k), (batchNorm ? 2 * cout : 0) + (bias ? cout : 0));
    finish(l);
  }

  /// A fully connected layer on tokens (M = H·W) or on a pooled vector (M = 1).
  void linear(const std::string& block, LayerKind kind, std::int64_t cout) {
    const TensorShape in = m_cur;
    const TensorShape out{cout, in.h, in.w};
    Layer& l = push(block, kind, in, out);
    l.gemm = {mul(in.h, in.w), in.c, cout, 1};
    l.macs = gemmMacs(l.gemm);
    l.params = add(mul(in.c, cout), cout);
    finish(l);
  }

  void se(const std::string& block) {
    const TensorShape in = m_cur;
    const std::int64_t red = seReducedWidth(in.c);
    Layer& l = push(block, LayerKind::Se, in, in);
    l.gemm = {1, in.c, red, 2};  // reduce FC and expand FC: two 1×C·C×C_se products
    l.macs = gemmMacs(l.gemm);
    l.params = add(mul(2, in.c, red), red + in.c);
    finish(l);
  }

  void add(const std::string& block, int residualSource) {
    Layer& l = push(block, LayerKind::Add, m_cur, m_cur);
    l.residualSource = residualSource;
    finish(l);
    l.inBytes = mul(2, actBytes(elems(m_cur)));
    check(l);
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

  /// A weight-free elementwise layer on the current map (softmax, MLP activation).
  void vector(const std::string& block, LayerKind kind) {
    Layer& l = push(block, kind, m_cur, m_cur);
    finish(l);
  }

  /// Q·Kᵀ per head, the softmax of the maps, then attention·V per head, on a map of
  /// d channels after attn_qkv. Kᵀ and V are the operands the array holds (N·d each).
  void attention(const std::string& block, std::int64_t d, std::int64_t heads) {
    const std::int64_t h = m_cur.h, w = m_cur.w, n = mul(h, w);
    m_cur = {mul(2, d), h, w};
    Layer& qk = push(block, LayerKind::AttnQk, m_cur, {heads, n, n});
    qk.gemm = {n, d / heads, n, heads};
    qk.macs = gemmMacs(qk.gemm);
    qk.activationOperands = true;
    qk.stationaryOperandBytes = actBytes(mul(n, d));
    finish(qk);

    vector(block, LayerKind::Softmax);

    Layer& av = push(block, LayerKind::AttnAv, {heads, n, n}, {d, h, w});
    av.gemm = {n, n, d / heads, heads};
    av.macs = gemmMacs(av.gemm);
    av.activationOperands = true;
    av.stationaryOperandBytes = actBytes(mul(n, d));
    finish(av);
    av.inBytes = actBytes(add(mul(heads, n, n), mul(n, d)));
    check(av);
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
    l.weightBytes = cdiv(mul(l.params, m_opts.weightBits), 8);
    l.inBytes = actBytes(elems(l.in));
    l.outBytes = actBytes(elems(l.out));
    check(l);
  }

  /// Every count of a finished layer within kMaxLayerCount (saturated products exceed
  /// it), so the device models' arithmetic cannot overflow; InputError naming it if not.
  static void check(const Layer& l) {
    if constexpr (!kChecked) return;
    // Element counts are bounded by the byte counts (at least 1 bit per element, so
    // bytes >= elements / 8) and the MACs: checking these bounds them all.
    const std::int64_t largest = std::max({l.macs, l.params, l.inBytes, l.outBytes, l.weightBytes});
    if (__builtin_expect(largest > kMaxLayerCount / 8, 0)) {
      if (largest > kMaxLayerCount || elementsOf(l.in) > kMaxLayerCount || elementsOf(l.out) > kMaxLayerCount)
        throwTooLarge(l);
    }
  }

  template <class... Rest>
  static std::int64_t mul(std::int64_t a, Rest... rest) {
    if constexpr (kChecked) return satMul(a, static_cast<std::int64_t>(rest)...);
    else return (a * ... * static_cast<std::int64_t>(rest));
  }
  static std::int64_t add(std::int64_t a, std::int64_t b) {
    if constexpr (kChecked) return satAdd(a, b);
    else return a + b;
  }
  static std::int64_t cdiv(std::int64_t a, std::int64_t b) {
    if constexpr (kChecked) return satCeilDiv(a, b);
    else return (a + b - 1) / b;
  }
  static std::int64_t elems(const TensorShape& s) { return mul(s.c, s.h, s.w); }
  static std::int64_t gemmMacs(const GemmView& g) { return mul(g.m, g.k, g.n, g.groups); }

  LowerOptions m_opts;
  std::vector<Layer> m_layers;
  TensorShape m_cur;
};

/// An upper bound (in double, so it cannot overflow) on every count lowerArch forms for
/// a lowerable arch: MACs, parameters, elements and bytes of any one layer. Spatial
/// sizes only shrink (strides >= 1), channels never exceed the largest width times the
/// largest expansion (or 3 x width for attn_qkv, the MLP hidden width), attention maps
/// have heads x tokens² elements and tokens² x width MACs.
double countsBound(const SearchSpace& space, const Arch& arch, int resolution) {
  double width = std::max({1.0, double(space.inputChannels), double(space.classes), double(arch.stemWidth),
                           double(arch.headWidth), double(arch.featureWidth)});
  double expand = 1.0, kernel = std::max(3.0, double(space.stem.kernel)), hidden = 0.0;
  for (const StageArch& s : arch.stages) {
    width = std::max(width, double(s.width));
    for (int x : s.expands) expand = std::max(expand, double(x));
    for (int k : s.kernels) kernel = std::max(kernel, double(k));
    for (double r : s.mlpRatios) hidden = std::max(hidden, double(mlpHiddenWidth(r, s.width)));
  }
  const double channels = std::max({width * expand, 3.0 * width, hidden});
  const double pixels = double(resolution) * resolution;
  const double elements = std::max(channels * pixels, width * pixels * pixels);  // heads <= width
  const double macs = std::max({pixels * channels * channels * kernel * kernel,  // conv, linear, se
                                pixels * pixels * width});                      // attention
  const double params = channels * channels * kernel * kernel + 3.0 * channels;
  // Bytes: up to 32 bits per element or parameter, two operands (adds, attention·V).
  return std::max({macs, 8.0 * (elements + width * pixels), 4.0 * params});
}

template <bool kChecked>
std::vector<Layer> lowerWith(const SearchSpace& space, const Arch& arch, const LowerOptions& options,
                             int resolution) {
  Lowerer<kChecked> g(options);
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
      g.vector(block, LayerKind::MlpAct);
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

}  // namespace

std::vector<Layer> lowerArch(const SearchSpace& space, const Arch& arch,
                             const LowerOptions& options) {
  const int resolution = options.resolution > 0 ? options.resolution : arch.resolution;
  checkLowerable(space, arch, options, resolution);
  // Checked once per arch instead of at every product: the plain arithmetic runs when
  // no count can come near kMaxLayerCount, the saturating one (which names the layer
  // that exceeds it) otherwise.
  if (countsBound(space, arch, resolution) <= static_cast<double>(kMaxLayerCount))
    return lowerWith<false>(space, arch, options, resolution);
  return lowerWith<true>(space, arch, options, resolution);
}

GraphTotals graphTotals(const std::vector<Layer>& layers) {
  GraphTotals t;
  bool overflow = false;
  for (const Layer& l : layers) {
    ++t.layers;
    const std::int64_t act = satAdd(l.inBytes, l.outBytes);
    overflow |= addOverflows(t.macs, l.macs) | addOverflows(t.params, l.params) |
                addOverflows(t.weightBytes, l.weightBytes) | addOverflows(t.activationBytes, act);
    t.peakActivationBytes = std::max(t.peakActivationBytes, act);
  }
  if (overflow)
    throw InputError("network totals: the sum of MACs, parameters or bytes over " + std::to_string(layers.size()) +
                     " layers overflows 64 bits");
  return t;
}

}  // namespace h4h
