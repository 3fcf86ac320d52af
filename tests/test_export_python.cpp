// The exported model.py: a plain PyTorch module that Debian's python3-torch runs on the
// exported weights with the same logits as our Subnet for the same input — bitwise in
// eval mode (the same LibTorch build, the same layout, the same ops in the same order),
// within float tolerance in PyTorch's default layout — and that torch.onnx.export takes.
// Skipped with a message when /usr/bin/python3 has no torch.
#include <torch/torch.h>  // before Qt: torch uses `slots` as a name

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

#include "model/subnet_export.h"
#include "model/supernet.h"
#include "model/torch_runtime.h"
#include "space/arch_key.h"
#include "space/space_ops.h"
#include "test_model_space.h"

using namespace h4h;

namespace {

const QString kPython = "/usr/bin/python3";

/// test_model's tiny spaces (every layer kind: expand 1, SE, kernels 3/5/7, ViT blocks with
/// several head counts and MLP ratios, both heads and activations), with ViT depth 0 in the
/// last stage too, so a CNN-only arch exists, and a 7×7 kernel there.
SearchSpace exportSpace(const std::string& activation) {
  SearchSpace sp = activation == "relu6" ? test::tinyModelSpaceRelu6() : test::tinyModelSpace();
  sp.stages[2].vitDepths = {0, 2};
  sp.stages[2].kernels = {3, 7};
  return sp;
}

/// A supernet checkpoint with non-trivial BN statistics and affine parameters, so a
/// wrong slice or a missing buffer shows in the logits.
void writeCheckpoint(const SearchSpace& space, const std::string& path) {
  torch::manual_seed(3);
  Supernet net(space);
  torch::NoGradGuard noGrad;
  for (auto& item : net->named_buffers(true)) {
    if (item.key().find("running_mean") != std::string::npos) item.value().uniform_(-0.3, 0.3);
    if (item.key().find("running_var") != std::string::npos) item.value().uniform_(0.5, 2.0);
  }
  for (auto& item : net->named_parameters(true))
    if (item.key().find(".bn.") != std::string::npos || item.key().find(".ln") != std::string::npos)
      item.value().uniform_(0.7, 1.3);
  torch::save(net, path);
}

void writeBytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Runs `script` with /usr/bin/python3 and `args` (sys.argv[1:]), one thread as ours and
/// our environment (with the OPENBLAS_CORETYPE configureTorchThreads may have chosen: other
/// BLAS kernels round differently); returns its exit code and output.
std::pair<int, QString> runPython(const QString& script, const QStringList& args = {}) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("OMP_NUM_THREADS", "1");
  p.setProcessEnvironment(env);
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(kPython, QStringList{"-c", script} + args);
  if (!p.waitForFinished(300000)) return {-1, "python did not finish: " + p.errorString()};
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAll())};
}

// For each export folder: load model.py from it, run it on the saved input in channels-last
// (ours; weights from state_dict.pt and from subnet.pt) and in PyTorch's default layout,
// print the differences from our logits.
const char* kCompareScript = R"PY(
import importlib.util, sys, torch
torch.set_num_threads(1)
for i, folder in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location("model%d" % i, folder + "/model.py")
    model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model)
    saved = torch.load(folder + "/check.pt")
    with torch.no_grad():
        ours = saved["logits"]
        same = model.load(folder)(saved["input"])
        via_subnet_pt = model.load(folder + "/subnet.pt")(saved["input"])  # the C++ archive
        nchw = model.load(folder, memory_format=torch.contiguous_format)(saved["input"])
    scale = ours.abs().max().item()
    print("%s bitwise=%d nchw_rel=%.3g" % (folder, int(torch.equal(same, ours) and torch.equal(via_subnet_pt, ours)),
                                           (nchw - ours).abs().max().item() / scale))
)PY";

}  // namespace

class TestExportPython : public QObject {
  Q_OBJECT

private slots:
  void initTestCase() {
    configureTorchThreads(1);
    const auto [code, out] = runPython("import torch");
    if (code != 0)
      QSKIP(qPrintable(kPython + " cannot import torch (install Debian's python3-torch to run this "
                                 "check): " + out.trimmed().left(200)));
  }

  void logitsEqualOurs();
  void onnxExport();

private:
  QTemporaryDir m_tmp;
  std::string m_onnxFolder;
};

void TestExportPython::logitsEqualOurs() {
  QVERIFY(m_tmp.isValid());
  const std::string root = m_tmp.path().toStdString();
  QStringList folders;
  std::mt19937_64 rng(4);
  for (const std::string activation : {"swish", "relu6"}) {
    Project project;
    project.name = "export \"python\" " + activation;
    project.space = exportSpace(activation);
    project.filePath = root + "/" + activation + ".h4h";
    ExportOptions options;
    options.checkpointPath = root + "/" + activation + "_supernet.pt";
    options.bnBatches = 0;
    writeCheckpoint(project.space, options.checkpointPath);
    // max and min, a CNN-only arch at one training resolution, a hybrid with 7×7 kernels
    // and two head counts at the other.
    Arch cnnOnly = restrictCnnOnly(sampleArch(project.space, rng));
    cnnOnly.resolution = 16;
    Arch hybrid = sampleArch(project.space, rng);
    hybrid.resolution = 20;
    hybrid.stages[1].vitDepth = 2;
    hybrid.stages[1].heads = {4, 2};
    hybrid.stages[1].mlpRatios = {1.5, 1.0};
    hybrid.stages[1].kernels.assign(hybrid.stages[1].mbDepth, 7);
    for (const Arch& arch : {maxArch(project.space), minArch(project.space), cnnOnly, hybrid}) {
      const std::string out = root + "/" + activation + "_" + std::to_string(folders.size());
      const ExportResult r = exportSubnet(project, arch, out, options);
      QVERIFY(QFileInfo::exists(QString::fromStdString(r.pythonPath)));
      Subnet ours(project.space, arch);
      torch::load(ours, r.weightsPath);
      ours->eval();
      torch::NoGradGuard noGrad;
      const torch::Tensor input = torch::randn({3, 3, arch.resolution, arch.resolution});
      c10::impl::GenericDict check(c10::StringType::get(), c10::TensorType::get());
      check.insert("input", input);
      check.insert("logits", ours->forward(input));
      writeBytes(out + "/check.pt", torch::pickle_save(check));
      folders << QString::fromStdString(out);
      qInfo("%s: %s", qPrintable(folders.back()), archKey(arch).c_str());
    }
    if (m_onnxFolder.empty()) m_onnxFolder = folders.front().toStdString();
  }
  const auto [code, out] = runPython(kCompareScript, folders);
  qInfo("%s", qPrintable(out.trimmed()));
  QVERIFY2(code == 0, qPrintable(out));
  const QStringList lines = out.trimmed().split('\n');
  QCOMPARE(lines.size(), folders.size());
  for (const QString& line : lines) {
    // Eval mode, same build, same layout: the same bits.
    QVERIFY2(line.contains("bitwise=1"), qPrintable(line));
    // PyTorch's default layout sums in another order: float rounding only.
    const double nchw = line.section("nchw_rel=", 1).toDouble();
    QVERIFY2(nchw < 1e-4, qPrintable(line));
  }
}

void TestExportPython::onnxExport() {
  if (m_onnxFolder.empty()) QSKIP("logitsEqualOurs made no export");
  const QString folder = QString::fromStdString(m_onnxFolder);
  // The documented path: python3 model.py --onnx FILE, from the export folder.
  QProcess p;
  p.setWorkingDirectory(folder);
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(kPython, {"model.py", "--onnx", "subnet.onnx"});
  QVERIFY(p.waitForFinished(300000));
  const QString out = QString::fromUtf8(p.readAll());
  QVERIFY2(p.exitCode() == 0, qPrintable(out));
  QVERIFY2(QFileInfo(folder + "/subnet.onnx").size() > 1000, qPrintable(out));
  // The graph itself is checked where the onnx package is installed (Debian: python3-onnx).
  const auto [code, check] = runPython(
      "import sys\n"
      "try:\n    import onnx\nexcept ImportError:\n    print('no onnx package'); sys.exit(0)\n"
      "m = onnx.load(sys.argv[1]); onnx.checker.check_model(m)\n"
      "print('checked', [o.name for o in m.graph.output])\n",
      {folder + "/subnet.onnx"});
  qInfo("%s", qPrintable(check.trimmed()));
  QVERIFY2(code == 0 && (check.contains("no onnx package") || check.contains("checked ['logits']")),
           qPrintable(check));
}

QTEST_GUILESS_MAIN(TestExportPython)
#include "test_export_python.moc"
