// The NPU's analytical fold equations (core/hw/systolic.h) against a cycle-level
// simulation of the same systolic array: operands move one PE per cycle through
// registers, every MAC is performed, and the simulated product is checked against a
// plain matrix product, so the cycle count comes from data that really flowed.
#include <QtTest>

#include <cstdint>
#include <random>
#include <vector>

#include "hw/npu_model.h"
#include "hw/systolic.h"

using namespace h4h;

namespace {

using Matrix = std::vector<std::vector<std::int64_t>>;

Matrix zeros(std::int64_t r, std::int64_t c) {
  return Matrix(static_cast<std::size_t>(r), std::vector<std::int64_t>(static_cast<std::size_t>(c), 0));
}

Matrix product(const Matrix& a, const Matrix& b) {
  const std::size_t m = a.size(), k = b.size(), n = b.empty() ? 0 : b[0].size();
  Matrix c = zeros(static_cast<std::int64_t>(m), static_cast<std::int64_t>(n));
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t x = 0; x < k; ++x) c[i][j] += a[i][x] * b[x][j];
  return c;
}

/// A value travelling through the array with its valid bit (and, for partial sums,
/// the output row it belongs to).
struct Slot {
  bool valid = false;
  std::int64_t value = 0;
  std::int64_t tag = -1;
};

struct SimResult {
  std::int64_t cycles = 0;
  Matrix c;
};

/// Output stationary: PE(i,j) accumulates C[m0+i][n0+j]; A enters each row from the
/// left skewed by i cycles, B each column from the top skewed by j cycles. A fold
/// ends with its last MAC; the array is flushed and the next fold starts.
SimResult simulateOs(int rows, int cols, const Matrix& a, const Matrix& b) {
  const std::int64_t M = static_cast<std::int64_t>(a.size()), K = static_cast<std::int64_t>(b.size()),
                     N = static_cast<std::int64_t>(b[0].size());
  SimResult res;
  res.c = zeros(M, N);
  for (std::int64_t n0 = 0; n0 < N; n0 += cols) {
    for (std::int64_t m0 = 0; m0 < M; m0 += rows) {
      const std::int64_t r = std::min<std::int64_t>(rows, M - m0), c = std::min<std::int64_t>(cols, N - n0);
      std::vector<std::vector<Slot>> aReg(rows, std::vector<Slot>(cols)), bReg = aReg;
      Matrix acc = zeros(rows, cols);
      std::int64_t lastMac = -1;
      const std::int64_t horizon = rows + cols + K + 4;
      for (std::int64_t t = 0; t < horizon; ++t) {
        auto aNext = aReg, bNext = bReg;
        for (int i = 0; i < rows; ++i) {
          for (int j = 0; j < cols; ++j) {
            Slot ain, bin;
            if (j == 0) {
              const std::int64_t k = t - i;
              if (i < r && k >= 0 && k < K) ain = {true, a[m0 + i][k], k};
            } else {
              ain = aReg[i][j - 1];
            }
            if (i == 0) {
              const std::int64_t k = t - j;
              if (j < c && k >= 0 && k < K) bin = {true, b[k][n0 + j], k};
            } else {
              bin = bReg[i - 1][j];
            }
            if (ain.valid && bin.valid) {
              if (ain.tag != bin.tag) qFatal("OS skew broken: operands of different k met");
              acc[i][j] += ain.value * bin.value;
              lastMac = t;
            }
            aNext[i][j] = ain;
            bNext[i][j] = bin;
          }
        }
        aReg.swap(aNext);
        bReg.swap(bNext);
      }
      for (std::int64_t i = 0; i < r; ++i)
        for (std::int64_t j = 0; j < c; ++j) res.c[m0 + i][n0 + j] = acc[i][j];
      res.cycles += lastMac + 1;
    }
  }
  return res;
}

/// Weight stationary: a fold's weights (K rows × N cols of B) are shifted in from the
/// top, one row per cycle; then A's row m enters array row i at cycle m + i; partial
/// sums move down and leave the bottom edge (crossing all `rows` rows) into an
/// output buffer that accumulates over K folds. A fold ends when its last partial
/// sum leaves the array.
SimResult simulateWs(int rows, int cols, const Matrix& a, const Matrix& b) {
  const std::int64_t M = static_cast<std::int64_t>(a.size()), K = static_cast<std::int64_t>(b.size()),
                     N = static_cast<std::int64_t>(b[0].size());
  SimResult res;
  res.c = zeros(M, N);
  for (std::int64_t n0 = 0; n0 < N; n0 += cols) {
    for (std::int64_t k0 = 0; k0 < K; k0 += rows) {
      const std::int64_t r = std::min<std::int64_t>(rows, K - k0), c = std::min<std::int64_t>(cols, N - n0);
      // Weight load: a shift register per column; after r cycles row i holds B[k0+i].
      std::vector<std::vector<Slot>> w(rows, std::vector<Slot>(cols));
      for (std::int64_t t = 0; t < r; ++t) {
        for (int i = rows - 1; i > 0; --i) w[i] = w[i - 1];
        const std::int64_t k = k0 + (r - 1 - t);
        for (int j = 0; j < cols; ++j) w[0][j] = j < c ? Slot{true, b[k][n0 + j], k} : Slot{};
      }
      for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
          if (w[i][j].valid && w[i][j].tag != k0 + i) qFatal("WS weight load misplaced a row");
      std::vector<std::vector<Slot>> aReg(rows, std::vector<Slot>(cols)), pReg = aReg;
      std::int64_t lastOut = -1;
      const std::int64_t horizon = M + rows + cols + 4;
      for (std::int64_t t = 0; t < horizon; ++t) {
        auto aNext = aReg, pNext = pReg;
        for (int i = 0; i < rows; ++i) {
          for (int j = 0; j < cols; ++j) {
            Slot ain;
            if (j == 0) {
              const std::int64_t m = t - i;
              if (i < r && m >= 0 && m < M) ain = {true, a[m][k0 + i], m};
            } else {
              ain = aReg[i][j - 1];
            }
            Slot pin = i == 0 ? Slot{} : pReg[i - 1][j];
            Slot pout = pin;
            if (ain.valid && w[i][j].valid) {
              if (i == 0) pout = {true, 0, ain.tag};
              if (!pout.valid || pout.tag != ain.tag) qFatal("WS skew broken: psum and input rows differ");
              pout.value += ain.value * w[i][j].value;
            }
            aNext[i][j] = ain;
            pNext[i][j] = pout;
            if (i == rows - 1 && pout.valid) {
              res.c[pout.tag][n0 + j] += pout.value;
              lastOut = t;
            }
          }
        }
        aReg.swap(aNext);
        pReg.swap(pNext);
      }
      res.cycles += r + lastOut + 1;
    }
  }
  return res;
}

SimResult simulate(Dataflow df, int rows, int cols, const Matrix& a, const Matrix& b) {
  return df == Dataflow::OutputStationary ? simulateOs(rows, cols, a, b) : simulateWs(rows, cols, a, b);
}

Matrix randomMatrix(std::mt19937& rng, std::int64_t r, std::int64_t c) {
  std::uniform_int_distribution<int> d(-4, 4);
  Matrix m = zeros(r, c);
  for (auto& row : m)
    for (auto& v : row) v = d(rng);
  return m;
}

/// A grouped GEMM simulated the way the model maps it: packs of p groups as one
/// block-diagonal dense GEMM. Checks every group's product; returns the cycles.
std::int64_t simulateGrouped(Dataflow df, int rows, int cols, const GemmView& g, std::mt19937& rng) {
  const std::int64_t p = groupsPerFold(df, rows, cols, g);
  std::int64_t cycles = 0;
  for (std::int64_t first = 0; first < g.groups; first += p) {
    const std::int64_t q = std::min(p, g.groups - first);
    std::vector<Matrix> as, bs;
    Matrix a = zeros(g.m, q * g.k), b = zeros(q * g.k, q * g.n);
    for (std::int64_t x = 0; x < q; ++x) {
      as.push_back(randomMatrix(rng, g.m, g.k));
      bs.push_back(randomMatrix(rng, g.k, g.n));
      for (std::int64_t i = 0; i < g.m; ++i)
        for (std::int64_t k = 0; k < g.k; ++k) a[i][x * g.k + k] = as.back()[i][k];
      for (std::int64_t k = 0; k < g.k; ++k)
        for (std::int64_t j = 0; j < g.n; ++j) b[x * g.k + k][x * g.n + j] = bs.back()[k][j];
    }
    const SimResult s = simulate(df, rows, cols, a, b);
    for (std::int64_t x = 0; x < q; ++x) {
      const Matrix want = product(as[x], bs[x]);
      for (std::int64_t i = 0; i < g.m; ++i)
        for (std::int64_t j = 0; j < g.n; ++j)
          if (s.c[i][x * g.n + j] != want[i][j]) qFatal("grouped simulation computed a wrong product");
    }
    cycles += s.cycles;
  }
  return cycles;
}

}  // namespace

class TestHwSystolic : public QObject {
  Q_OBJECT

private slots:
  void handWorked_data();
  void handWorked();
  void simulatorMatchesModelOnRandomGemms_data();
  void simulatorMatchesModelOnRandomGemms();
  void simulatorMatchesModelOnGroupedGemms();
  void convolutionViaIm2col_data();
  void convolutionViaIm2col();
  void fullFoldsEqualScaleSim();
  void npuModelUsesTheFoldEquations();
};

void TestHwSystolic::handWorked_data() {
  QTest::addColumn<int>("dataflow");
  QTest::addColumn<int>("rows");
  QTest::addColumn<int>("cols");
  QTest::addColumn<qint64>("m");
  QTest::addColumn<qint64>("k");
  QTest::addColumn<qint64>("n");
  QTest::addColumn<qint64>("groups");
  QTest::addColumn<qint64>("cycles");
  const int os = static_cast<int>(Dataflow::OutputStationary);
  const int ws = static_cast<int>(Dataflow::WeightStationary);
  // One OS fold: r + c + T - 2 = 2 + 2 + 3 - 2.
  QTest::newRow("os 2x2 one fold") << os << 2 << 2 << qint64(2) << qint64(3) << qint64(2) << qint64(1) << qint64(5);
  // OS folds (r,c) = (2,2),(1,2),(2,1),(1,1), T = 2: 4 + 3 + 3 + 2.
  QTest::newRow("os 2x2 four folds") << os << 2 << 2 << qint64(3) << qint64(2) << qint64(3) << qint64(1) << qint64(12);
  // One WS fold: r (load) + R + c + T - 2 = 2 + 2 + 2 + 4 - 2.
  QTest::newRow("ws 2x2 one fold") << ws << 2 << 2 << qint64(4) << qint64(2) << qint64(2) << qint64(1) << qint64(8);
  // WS, K = 6 on 4 rows: folds r = 4 and 2, c = 3, T = 5: (4+4+3+3) + (2+4+3+3).
  QTest::newRow("ws 4x4 two row folds") << ws << 4 << 4 << qint64(5) << qint64(6) << qint64(3) << qint64(1) << qint64(26);
  // Depthwise-like, 5 groups of (M=3, K=2, N=1). WS 4x4 packs p = min(5, 4/2, 4/1) = 2:
  // two packs of dense (3, 4, 2): 4 + 4 + 2 + 3 - 2 = 11 each; the last group (3, 2, 1):
  // 2 + 4 + 1 + 3 - 2 = 8. Total 30.
  QTest::newRow("ws 4x4 grouped") << ws << 4 << 4 << qint64(3) << qint64(2) << qint64(1) << qint64(5) << qint64(30);
  // OS 2x2 could pack p = min(5, 2/1) = 2: dense (3, 4, 2) has folds r = 2, 1 with
  // c = 2, T = 4: 6 + 5 = 11, so 2*11 + 5 = 27; one group alone (3, 2, 1) takes
  // 3 + 2 = 5, so one by one costs 25 and the mapper does not pack.
  QTest::newRow("os 2x2 grouped, unpacked") << os << 2 << 2 << qint64(3) << qint64(2) << qint64(1) << qint64(5) << qint64(25);
  // OS 4x4, 4 groups of (M=4, K=2, N=1): packed into one fold (4, 8, 4): 4 + 4 + 8 - 2
  // = 14, against 4 * (4 + 1 + 2 - 2) = 20 one by one.
  QTest::newRow("os 4x4 grouped, packed") << os << 4 << 4 << qint64(4) << qint64(2) << qint64(1) << qint64(4) << qint64(14);
}

void TestHwSystolic::handWorked() {
  QFETCH(int, dataflow);
  QFETCH(int, rows);
  QFETCH(int, cols);
  QFETCH(qint64, m);
  QFETCH(qint64, k);
  QFETCH(qint64, n);
  QFETCH(qint64, groups);
  QFETCH(qint64, cycles);
  const Dataflow df = static_cast<Dataflow>(dataflow);
  const GemmView g{m, k, n, groups};
  QCOMPARE(qint64(systolicCycles(df, rows, cols, g)), cycles);
  std::mt19937 rng(7);
  QCOMPARE(qint64(simulateGrouped(df, rows, cols, g, rng)), cycles);
}

void TestHwSystolic::simulatorMatchesModelOnRandomGemms_data() {
  QTest::addColumn<int>("dataflow");
  QTest::newRow("output stationary") << static_cast<int>(Dataflow::OutputStationary);
  QTest::newRow("weight stationary") << static_cast<int>(Dataflow::WeightStationary);
}

void TestHwSystolic::simulatorMatchesModelOnRandomGemms() {
  QFETCH(int, dataflow);
  const Dataflow df = static_cast<Dataflow>(dataflow);
  std::mt19937 rng(12345u + static_cast<unsigned>(dataflow));
  std::uniform_int_distribution<int> arr(1, 6), dim(1, 13);
  double worst = 0.0;
  for (int trial = 0; trial < 300; ++trial) {
    const int rows = arr(rng), cols = arr(rng);
    const std::int64_t m = dim(rng), k = dim(rng), n = dim(rng);
    const Matrix a = randomMatrix(rng, m, k), b = randomMatrix(rng, k, n);
    const SimResult s = simulate(df, rows, cols, a, b);
    QVERIFY2(s.c == product(a, b), "the simulated array computed a wrong product");
    const std::int64_t model = systolicGemmCycles(df, rows, cols, m, k, n);
    const double err = std::abs(double(model - s.cycles)) / double(s.cycles);
    worst = std::max(worst, err);
    QVERIFY2(err <= 0.05, qPrintable(QString("%1x%2 array, M=%3 K=%4 N=%5: model %6, simulation %7")
                                         .arg(rows).arg(cols).arg(m).arg(k).arg(n).arg(model).arg(s.cycles)));
  }
  qInfo("worst relative error over 300 random GEMMs: %.4f", worst);
}

void TestHwSystolic::simulatorMatchesModelOnGroupedGemms() {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> arr(1, 6), dim(1, 6), grp(2, 9);
  for (int dfi = 0; dfi < 2; ++dfi) {
    const Dataflow df = static_cast<Dataflow>(dfi);
    for (int trial = 0; trial < 120; ++trial) {
      const int rows = arr(rng), cols = arr(rng);
      const GemmView g{dim(rng), dim(rng), std::max(1, dim(rng) / 3), grp(rng)};
      const std::int64_t sim = simulateGrouped(df, rows, cols, g, rng);
      const std::int64_t model = systolicCycles(df, rows, cols, g);
      QVERIFY2(std::abs(double(model - sim)) <= 0.05 * double(sim),
               qPrintable(QString("%1 %2x%3 grouped M=%4 K=%5 N=%6 G=%7: model %8, simulation %9")
                              .arg(dataflowName(df)).arg(rows).arg(cols).arg(g.m).arg(g.k).arg(g.n)
                              .arg(g.groups).arg(model).arg(sim)));
      // Packing never makes a grouped GEMM slower than running its groups one by one.
      QVERIFY(model <= g.groups * systolicGemmCycles(df, rows, cols, g.m, g.k, g.n));
    }
  }
}

void TestHwSystolic::convolutionViaIm2col_data() {
  QTest::addColumn<int>("dataflow");
  QTest::addColumn<int>("stride");
  QTest::newRow("os stride 1") << static_cast<int>(Dataflow::OutputStationary) << 1;
  QTest::newRow("ws stride 1") << static_cast<int>(Dataflow::WeightStationary) << 1;
  QTest::newRow("os stride 2") << static_cast<int>(Dataflow::OutputStationary) << 2;
  QTest::newRow("ws stride 2") << static_cast<int>(Dataflow::WeightStationary) << 2;
}

void TestHwSystolic::convolutionViaIm2col() {
  // A 3x3 "same" convolution, 2 -> 3 channels on a 5x5 map, on a 4x4 array: the
  // im2col GEMM is M = out pixels, K = 2*9 = 18, N = 3.
  QFETCH(int, dataflow);
  QFETCH(int, stride);
  const Dataflow df = static_cast<Dataflow>(dataflow);
  std::mt19937 rng(5);
  const int cin = 2, cout = 3, h = 5, ks = 3, pad = 1;
  const int ho = (h + stride - 1) / stride;
  std::vector<std::int64_t> x(cin * h * h), w(cout * cin * ks * ks);
  std::uniform_int_distribution<int> d(-3, 3);
  for (auto& v : x) v = d(rng);
  for (auto& v : w) v = d(rng);
  const std::int64_t M = ho * ho, K = cin * ks * ks, N = cout;
  Matrix a = zeros(M, K), b = zeros(K, N);
  for (int oy = 0; oy < ho; ++oy)
    for (int ox = 0; ox < ho; ++ox)
      for (int c = 0; c < cin; ++c)
        for (int ky = 0; ky < ks; ++ky)
          for (int kx = 0; kx < ks; ++kx) {
            const int iy = oy * stride + ky - pad, ix = ox * stride + kx - pad;
            const bool inside = iy >= 0 && iy < h && ix >= 0 && ix < h;
            a[oy * ho + ox][(c * ks + ky) * ks + kx] = inside ? x[(c * h + iy) * h + ix] : 0;
          }
  for (int o = 0; o < cout; ++o)
    for (int kk = 0; kk < K; ++kk) b[kk][o] = w[o * K + kk];
  const SimResult s = simulate(df, 4, 4, a, b);
  for (int o = 0; o < cout; ++o)
    for (int oy = 0; oy < ho; ++oy)
      for (int ox = 0; ox < ho; ++ox) {
        std::int64_t want = 0;
        for (int c = 0; c < cin; ++c)
          for (int ky = 0; ky < ks; ++ky)
            for (int kx = 0; kx < ks; ++kx) {
              const int iy = oy * stride + ky - pad, ix = ox * stride + kx - pad;
              if (iy >= 0 && iy < h && ix >= 0 && ix < h)
                want += x[(c * h + iy) * h + ix] * w[((o * cin + c) * ks + ky) * ks + kx];
            }
        QCOMPARE(s.c[oy * ho + ox][o], want);
      }
  QCOMPARE(s.cycles, systolicGemmCycles(df, 4, 4, M, K, N));
  // Hand-worked for stride 1, WS: S_R = 18 -> 5 row folds (4,4,4,4,2), c = 3, T = 25:
  // 18 + 5*(4 + 3 + 25 - 2) = 168.  OS: S_R = 25 -> 7 folds (4x6, 1), c = 3, T = 18:
  // 25 + 7*3 + 7*16 = 158.
  if (stride == 1) QCOMPARE(qint64(s.cycles), df == Dataflow::WeightStationary ? qint64(168) : qint64(158));
}

void TestHwSystolic::fullFoldsEqualScaleSim() {
  // When every fold is full the counts are SCALE-Sim v2's: folds × (R + C + T − 2) for
  // OS and folds × (2R + C + T − 2) for WS.
  for (int rows : {2, 4, 8, 32})
    for (int cols : {2, 8, 16}) {
      const std::int64_t m = 3 * rows, k = 2 * rows, n = 5 * cols;
      QCOMPARE(systolicGemmCycles(Dataflow::OutputStationary, rows, cols, m, k, n),
               (m / rows) * (n / cols) * (rows + cols + k - 2));
      QCOMPARE(systolicGemmCycles(Dataflow::WeightStationary, rows, cols, m, k, n),
               (k / rows) * (n / cols) * (2 * rows + cols + m - 2));
    }
}

void TestHwSystolic::npuModelUsesTheFoldEquations() {
  NpuConfig c;
  c.rows = 4;
  c.cols = 4;
  c.dataflow = Dataflow::WeightStationary;
  const NpuModel npu(c);
  QCOMPARE(qint64(npu.computeCycles(GemmView{5, 6, 3, 1})), qint64(26));
  QCOMPARE(qint64(npu.computeCycles(GemmView{3, 2, 1, 5})), qint64(30));
  // Activation x activation matmuls (no stationary bytes or latency to load here, see
  // test_hw_act_matmul): per-head GEMMs by default, GEMVs row by row on request:
  // 2 heads x 3 rows x GEMV(1, K=2, N=3): one fold 2 + 4 + 3 + 1 - 2 = 8 -> 48.
  Layer qk;
  qk.kind = LayerKind::AttnQk;
  qk.activationOperands = true;
  qk.gemm = {3, 2, 3, 2};
  qk.macs = qk.gemm.macs();
  c.sramLatencyCycles = 0;
  QCOMPARE(NpuModel(c).layerComputeCycles(qk), systolicCycles(c.dataflow, 4, 4, qk.gemm));
  c.actMatmul = ActMatmul::RowByRowPessimistic;
  QCOMPARE(qint64(NpuModel(c).layerComputeCycles(qk)), qint64(48));
}

QTEST_APPLESS_MAIN(TestHwSystolic)
#include "test_hw_systolic.moc"
