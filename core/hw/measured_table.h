#pragma once
/// Measured per-layer costs that override the analytical models (DESIGN §4): a CSV
/// with one row per (layer signature, device). The signature is what identifies a
/// layer's work independently of where it sits in a network: kind, input shape,
/// output shape, kernel, stride and groups.
///
///   # comments and blank lines are ignored; columns may come in any order
///   kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups,device,latency_ns,energy_nj
///   pwconv,32,56,56,64,56,56,1,1,1,npu,41250,310.5

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/layer.h"
#include "hw/hardware_config.h"
#include "hw/layer_profile.h"

namespace h4h {

enum class MeasuredDevice { Npu, Cim };
const char* measuredDeviceName(MeasuredDevice device);

struct LayerSignature {
  LayerKind kind = LayerKind::Conv;
  TensorShape in, out;
  std::int64_t kernel = 1, stride = 1, groups = 1;

  bool operator==(const LayerSignature& o) const {
    return kind == o.kind && in == o.in && out == o.out && kernel == o.kernel &&
           stride == o.stride && groups == o.groups;
  }
};

LayerSignature signatureOf(const Layer& layer);

struct LayerSignatureHash {
  std::size_t operator()(const LayerSignature& s) const;
};

struct MeasuredRow {
  LayerSignature signature;
  MeasuredDevice device = MeasuredDevice::Npu;
  double latencyNs = 0.0;
  double energyNj = 0.0;
  int line = 0;  ///< 1-based line in the source file
};

class MeasuredTable {
public:
  MeasuredTable() = default;
  explicit MeasuredTable(std::string sourceName) : m_sourceName(std::move(sourceName)) {}

  /// Adds a row; returns the index of an existing row with the same signature and
  /// device instead (and adds nothing), or -1 when the row was added.
  int add(const MeasuredRow& row);

  const std::vector<MeasuredRow>& rows() const { return m_rows; }
  const std::string& sourceName() const { return m_sourceName; }
  bool empty() const { return m_rows.empty(); }

  /// The row measured for this layer on this device, or nullptr.
  const MeasuredRow* find(const Layer& layer, MeasuredDevice device) const;

  /// Replaces the costs of matching layers in `profile` (parallel to `layers`) by the
  /// measured ones (source = Measured; cycles and utilisation derived from the
  /// device's clock and peak). Returns how many device costs were replaced.
  int apply(const std::vector<Layer>& layers, const HardwareConfig& hw,
            NetworkProfile& profile) const;

  /// Rows that match no layer of `layers` (to report: a measurement that is never used
  /// usually means a typo in its signature).
  std::vector<const MeasuredRow*> unmatchedRows(const std::vector<Layer>& layers) const;

private:
  std::string m_sourceName;
  std::vector<MeasuredRow> m_rows;
  std::unordered_map<LayerSignature, std::array<int, 2>, LayerSignatureHash> m_index;
};

/// The header line the parser expects (columns in the canonical order).
const char* measuredTableHeader();

/// Parses CSV text; throws InputError listing every problem as `source:line: problem`.
MeasuredTable parseMeasuredTable(const std::string& csvText, const std::string& sourceName);
/// Reads and parses a file; throws InputError when it cannot be read or is malformed.
MeasuredTable loadMeasuredTable(const std::string& path);

}  // namespace h4h
