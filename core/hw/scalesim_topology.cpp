#include "hw/scalesim_topology.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "util/checked_math.h"
#include "util/csv_record.h"
#include "util/errors.h"
#include "util/file_read.h"

namespace h4h {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Fields of a line, trimmed, without the empty field a trailing comma leaves.
std::vector<std::string> fieldsOf(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string f;
  while (std::getline(ss, f, ',')) out.push_back(trimmed(f));
  if (!line.empty() && line.back() == ',') out.push_back("");
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

bool toInt(const std::string& s, std::int64_t& v) {
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, v);
  return !s.empty() && r.ec == std::errc() && r.ptr == end;
}

enum class Form { Conv, Gemm };

/// What a conv-form column after Strides holds.
enum class Extra { StrideWidth, Groups };

/// The columns after Strides that the header declares: a ninth column named Groups is
/// the group count; any other ninth column (and, when the header stops at Strides, a
/// ninth field of a row) is the stride along the width, as before Groups existed.
bool extraColumnsOf(const std::vector<std::string>& header, std::vector<Extra>& extras) {
  extras.clear();
  for (std::size_t i = 8; i < header.size(); ++i)
    extras.push_back(lower(header[i]) == "groups" ? Extra::Groups : Extra::StrideWidth);
  if (extras.empty()) extras.push_back(Extra::StrideWidth);
  return extras.size() == 1 || extras[0] != extras[1];
}

/// Fills the counts of `l` (saturating) and returns the first one beyond
/// kMaxLayerCount as "what (factors)", or "" when all are within it.
std::string finishLayer(Layer& l, const std::string& factors) {
  const GemmView& g = l.gemm;
  l.macs = satMul(g.m, g.k, g.n, g.groups);
  l.params = satMul(g.k, g.n, g.groups);
  l.weightBytes = l.params;
  l.inBytes = satMul(l.in.c, l.in.h, l.in.w);
  l.outBytes = satMul(l.out.c, l.out.h, l.out.w);
  auto text = [](std::int64_t v) { return v == kSaturated ? std::string("more than 2^63") : std::to_string(v); };
  if (l.macs > kMaxLayerCount) return "MACs (" + factors + ") = " + text(l.macs);
  if (l.params > kMaxLayerCount) return "weights = " + text(l.params);
  if (l.inBytes > kMaxLayerCount) return "input elements = " + text(l.inBytes);
  if (l.outBytes > kMaxLayerCount) return "output elements = " + text(l.outBytes);
  return {};
}

}  // namespace

std::vector<Layer> parseScaleSimTopology(const std::string& text, const std::string& sourceName) {
  std::vector<Layer> layers;
  ErrorList errors;
  std::istringstream in(text);
  std::string raw;
  int lineNo = 0;
  bool haveHeader = false;
  Form form = Form::Conv;
  std::vector<Extra> extras;
  while (std::getline(in, raw)) {
    ++lineNo;
    const std::string line = trimmed(raw);
    if (line.empty()) continue;
    const std::string where = sourceName + ":" + std::to_string(lineNo);
    const std::vector<std::string> f = fieldsOf(line);
    if (!haveHeader) {
      haveHeader = true;
      if (f.size() == 4 && lower(f[1]) == "m") {
        form = Form::Gemm;
      } else if (f.size() >= 8 && f.size() <= 10 && lower(f[1]).find("ifmap") != std::string::npos) {
        form = Form::Conv;
        if (!extraColumnsOf(f, extras)) {
          errors.add(where, "columns 9 and 10: one must be Groups, the other the stride width",
                     clipText(f[8] + ", " + f[9], 40));
          break;
        }
      } else {
        errors.add(where, "not a SCALE-Sim topology header: expected 'Layer name, IFMAP Height, "
                          "IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides' "
                          "or 'Layer, M, N, K'",
                   std::to_string(f.size()) + " fields");
        break;
      }
      continue;
    }
    const std::size_t most = form == Form::Gemm ? 4 : 8 + extras.size();
    if (form == Form::Gemm ? f.size() != 4 : f.size() < 8 || f.size() > most) {
      errors.add(where, "has " + std::to_string(f.size()) + " fields, expected " +
                            (form == Form::Gemm ? std::string("4") : most == 9 ? std::string("8 or 9") : std::string("8 to 10")));
      continue;
    }
    std::vector<std::int64_t> v(f.size(), 0);
    bool ok = true;
    for (std::size_t i = 1; i < f.size(); ++i) {
      if (!toInt(f[i], v[i]) || v[i] < 1 || v[i] > 1000000) {
        errors.add(where, "field " + std::to_string(i + 1) + ": must be an integer in [1, 1000000]",
                   clipText(f[i], 40));
        ok = false;
      }
    }
    if (!ok) continue;
    Layer l;
    std::string factors;
    l.id = static_cast<int>(layers.size());
    l.block = f[0].empty() ? "layer" + std::to_string(l.id) : f[0];
    if (form == Form::Gemm) {
      const std::int64_t m = v[1], n = v[2], k = v[3];
      l.kind = LayerKind::Fc;
      l.in = {k, m, 1};
      l.out = {n, m, 1};
      l.gemm = {m, k, n, 1};
      factors = "M x N x K = " + f[1] + " x " + f[2] + " x " + f[3];
    } else {
      const std::int64_t ih = v[1], iw = v[2], fh = v[3], fw = v[4], ch = v[5], nf = v[6];
      std::int64_t sh = v[7], sw = v[7], groups = 1;
      bool groupsGiven = false;
      for (std::size_t i = 8; i < f.size(); ++i) {
        if (extras[i - 8] == Extra::StrideWidth) {
          sw = v[i];
          continue;
        }
        groups = v[i];
        groupsGiven = true;
        if (ch % groups != 0 || nf % groups != 0) {
          errors.add(where, "Groups (column " + std::to_string(i + 1) + "): must divide Channels (" + f[5] +
                                ") and Num Filter (" + f[6] + ")",
                     f[i]);
          ok = false;
        }
      }
      if (!ok) continue;
      if (fh > ih || fw > iw) {
        errors.add(where, "the filter is larger than the IFMAP", clipText(f[3] + "x" + f[4], 40));
        continue;
      }
      const std::int64_t oh = (ih - fh) / sh + 1, ow = (iw - fw) / sw + 1;
      factors = "OFMAP H x W x Filter H x W x Channels x Num Filter = " + std::to_string(oh) + " x " +
                std::to_string(ow) + " x " + f[3] + " x " + f[4] + " x " + f[5] + " x " + f[6];
      l.kernel = static_cast<int>(std::max(fh, fw));
      l.stride = static_cast<int>(std::max(sh, sw));
      l.in = {ch, ih, iw};
      if (!groupsGiven && f[0].find("DP") != std::string::npos) {
        // SCALE-Sim's own convention: Num Filter filters per channel.
        l.kind = LayerKind::DwConv;
        l.out = {satMul(ch, nf), oh, ow};
        l.gemm = {satMul(oh, ow), satMul(fh, fw), nf, ch};
      } else {
        // Num Filter filters in all, Num Filter / Groups per group of Channels / Groups.
        const bool depthwise = groups > 1 && groups == ch;
        l.kind = depthwise ? LayerKind::DwConv
                           : fh == 1 && fw == 1 ? LayerKind::PwConv : LayerKind::Conv;
        l.out = {nf, oh, ow};
        l.gemm = {satMul(oh, ow), satMul(fh, fw, ch / groups), nf / groups, groups};
      }
    }
    const std::string tooLarge = finishLayer(l, factors);
    if (!tooLarge.empty()) {
      errors.add(where, "layer '" + l.block + "': " + tooLarge + " is beyond " + kMaxLayerCountText +
                            ", the most one layer may have");
      continue;
    }
    layers.push_back(std::move(l));
  }
  if (!haveHeader) errors.add(sourceName, "empty topology file");
  else if (errors.empty() && layers.empty()) errors.add(sourceName, "no layers after the header");
  if (!errors.empty()) throw InputError(errors);
  return layers;
}

std::vector<Layer> loadScaleSimTopology(const std::string& path) {
  return parseScaleSimTopology(readInputFile(path, kMaxTableFileBytes), path);
}

}  // namespace h4h
