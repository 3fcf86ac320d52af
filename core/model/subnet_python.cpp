#include "model/subnet_python.h"

#include <sstream>

#include "graph/layer_graph.h"

namespace h4h {

namespace {

// The building blocks, identical for every arch; the Subnet class below them is written
// per arch. Each block computes what its namesake in subnet.h computes, op for op, so
// the same LibTorch build gives the same bits.
constexpr const char* kBlocks = R"PY(

class ConvBnAct(nn.Module):
    """conv (no bias, padding kernel // 2) -> BatchNorm -> [activation]."""

    def __init__(self, cin, cout, kernel, stride, depthwise=False, act=True):
        super().__init__()
        channels = cin if depthwise else cout
        self.conv = nn.Conv2d(cin, channels, kernel, stride, kernel // 2,
                              groups=cin if depthwise else 1, bias=False)
        self.bn = nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)
        self.act = act

    def forward(self, x):
        y = self.bn(self.conv(x))
        return activation(y) if self.act else y


class SqueezeExcite(nn.Module):
    """Global average pool -> 1x1 reduce -> ReLU -> 1x1 expand -> sigmoid -> scale."""

    def __init__(self, channels, reduced):
        super().__init__()
        self.reduce = nn.Conv2d(channels, reduced, 1)
        self.expand = nn.Conv2d(reduced, channels, 1)

    def forward(self, x):
        s = torch.relu(self.reduce(x.mean((2, 3), keepdim=True)))
        return x * torch.sigmoid(self.expand(s))


class MBConv(nn.Module):
    """[expand 1x1] -> depthwise kxk -> [squeeze-excite] -> project 1x1 (no activation);
    residual when the stride is 1 and the channel count is kept."""

    def __init__(self, cin, cout, kernel, expand, stride, se_channels=0):
        super().__init__()
        hidden = cin * expand
        if expand > 1:
            self.expand = ConvBnAct(cin, hidden, 1, 1)
        else:
            self.expand = None
        self.dw = ConvBnAct(hidden, hidden, kernel, stride, depthwise=True)
        self.se = SqueezeExcite(hidden, se_channels) if se_channels > 0 else None
        self.project = ConvBnAct(hidden, cout, 1, 1, act=False)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.expand(x) if self.expand is not None else x
        y = self.dw(y)
        if self.se is not None:
            y = self.se(y)
        y = self.project(y)
        return y + x if self.residual else y


def attention(qkv, heads):
    """Multi-head self-attention from the packed projection (B, N, 3d) laid out
    [q | k | v], each split into `heads` contiguous heads of d / heads."""
    b, n, d = qkv.shape[0], qkv.shape[1], qkv.shape[2] // 3
    hd = d // heads
    parts = qkv.reshape(b, n, 3, heads, hd).permute(2, 0, 3, 1, 4)
    q, k, v = parts[0], parts[1], parts[2]
    scores = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
    out = torch.matmul(torch.softmax(scores, -1), v)
    return out.transpose(1, 2).reshape(b, n, d)


class VitBlock(nn.Module):
    """Pre-norm transformer block on tokens (B, N, d): MHSA then MLP, each residual."""

    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(dim, eps=1e-5)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ln2 = nn.LayerNorm(dim, eps=1e-5)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, tokens):
        x = tokens + self.proj(attention(self.qkv(self.ln1(tokens)), self.heads))
        return x + self.fc2(activation(self.fc1(self.ln2(x))))


class Stage(nn.Module):
    """MBConv layers, then (when there are ViT blocks) a depthwise 3x3 positional
    encoding added to the map and the blocks on its H*W tokens of dim = width."""

    def __init__(self, mb, vit=(), width=0):
        super().__init__()
        self.mb = nn.ModuleList(mb)
        if vit:
            self.pos = nn.Conv2d(width, width, 3, 1, 1, groups=width, bias=True)
            self.vit = nn.ModuleList(vit)
        else:
            self.pos = None
            self.vit = None

    def forward(self, x):
        for layer in self.mb:
            x = layer(x)
        if self.vit is None:
            return x
        x = x + self.pos(x)
        b, c, h, w = x.shape
        t = x.flatten(2).transpose(1, 2)
        for block in self.vit:
            t = block(t)
        return t.transpose(1, 2).reshape(b, c, h, w)
)PY";

constexpr const char* kLoader = R"PY(

def load(path=None, memory_format=torch.channels_last):
    """The subnet with the exported weights, in eval mode. `path`: the export folder, its
    state_dict.pt or its subnet.pt (default: the folder holding this file)."""
    if path is None:
        path = os.path.dirname(os.path.abspath(__file__))
    if os.path.isdir(path):
        path = os.path.join(path, "state_dict.pt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # subnet.pt is read as the TorchScript archive it is
        state = torch.load(path, map_location="cpu")
    if isinstance(state, torch.jit.ScriptModule):
        state = state.state_dict()
    net = Subnet(memory_format)
    net.load_state_dict(state)
    return net.eval()


def example_input(batch=1):
    """A random input of the deployment shape (what torch.onnx.export traces with)."""
    return torch.randn(batch, INPUT_CHANNELS, DEPLOY_RESOLUTION, DEPLOY_RESOLUTION)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnx", metavar="FILE", help="also write the subnet as ONNX")
    args = parser.parse_args()
    net = load(memory_format=torch.contiguous_format) if args.onnx else load()
    with torch.no_grad():
        print("logits", tuple(net(example_input()).shape))
    if args.onnx:
        torch.onnx.export(net, example_input(), args.onnx, opset_version=13,
                          input_names=["images"], output_names=["logits"])
        print("wrote", args.onnx)
)PY";

/// A Python string literal of `text`.
std::string pyString(const std::string& text) {
  std::string out = "\"";
  for (const unsigned char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c < 0x20) {
      out += ' ';
      continue;
    }
    out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string pyList(const std::vector<double>& values) {
  if (values.empty()) return "None";
  std::ostringstream s;
  s.precision(17);
  s << "[";
  for (std::size_t i = 0; i < values.size(); ++i) s << (i ? ", " : "") << values[i];
  return s.str() + "]";
}

/// The Subnet class: this arch's layers with their literal sizes.
std::string subnetClass(const SearchSpace& space, const Arch& arch) {
  std::ostringstream s;
  s << "\n\nclass Subnet(nn.Module):\n"
    << "    \"\"\"The subnet: " << arch.stages.size() << " stages; input (B, " << space.inputChannels
    << ", H, W), output (B, " << space.classes << ") logits.\n"
    << "    `memory_format`: channels_last is what H4H runs (and the fastest on CPUs);\n"
    << "    contiguous_format gives the same values up to summation order.\"\"\"\n\n"
    << "    def __init__(self, memory_format=torch.channels_last):\n"
    << "        super().__init__()\n"
    << "        self.memory_format = memory_format\n"
    << "        self.stem = ConvBnAct(" << space.inputChannels << ", " << arch.stemWidth << ", "
    << space.stem.kernel << ", " << space.stem.stride << ")\n"
    << "        self.stages = nn.ModuleList([\n";
  int channels = arch.stemWidth;
  for (std::size_t i = 0; i < arch.stages.size(); ++i) {
    const StageArch& st = arch.stages[i];
    const StageSpace& sp = space.stages[i];
    s << "            Stage(  # stage " << i << (sp.name.empty() ? "" : " " + sp.name) << "\n"
      << "                mb=[\n";
    for (int j = 0; j < st.mbDepth; ++j) {
      const int in = j == 0 ? channels : st.width;
      s << "                    MBConv(" << in << ", " << st.width << ", kernel=" << st.kernels[j]
        << ", expand=" << st.expands[j] << ", stride=" << (j == 0 ? sp.stride : 1);
      if (sp.se) s << ", se_channels=" << seReducedWidth(in * st.expands[j]);
      s << "),\n";
    }
    s << "                ],\n";
    if (st.vitDepth > 0) {
      s << "                vit=[\n";
      for (int l = 0; l < st.vitDepth; ++l)
        s << "                    VitBlock(" << st.width << ", heads=" << st.heads[l]
          << ", hidden=" << mlpHiddenWidth(st.mlpRatios[l], st.width) << "),\n";
      s << "                ],\n"
        << "                width=" << st.width << ",\n";
    }
    s << "            ),\n";
    channels = st.width;
  }
  s << "        ])\n";
  if (arch.headWidth > 0) {
    s << "        self.head_conv = ConvBnAct(" << channels << ", " << arch.headWidth << ", 1, 1)\n";
    channels = arch.headWidth;
  }
  if (arch.featureWidth > 0) {
    s << "        self.feature = nn.Linear(" << channels << ", " << arch.featureWidth << ")\n";
    channels = arch.featureWidth;
  }
  s << "        self.classifier = nn.Linear(" << channels << ", " << space.classes << ")\n\n"
    << "    def forward(self, x):\n"
    << "        # The layout is set on the input and again after the stem: a 1-channel\n"
    << "        # input's layout is ambiguous.\n"
    << "        x = self.stem(x.contiguous(memory_format=self.memory_format))\n"
    << "        x = x.contiguous(memory_format=self.memory_format)\n"
    << "        for stage in self.stages:\n"
    << "            x = stage(x)\n";
  if (arch.headWidth > 0) s << "        x = self.head_conv(x)\n";
  s << "        x = x.mean((2, 3))\n";
  if (arch.featureWidth > 0) s << "        x = activation(self.feature(x))\n";
  s << "        return self.classifier(x)\n";
  return s.str();
}

}  // namespace

std::string subnetPythonModule(const SearchSpace& space, const Arch& arch, const PythonModelInfo& info) {
  std::ostringstream s;
  s << "\"\"\"Subnet " << info.archKey << " of the H4H project " << pyString(info.projectName) << ".\n\n"
    << "A plain PyTorch definition of this one architecture, written by `h4h export`; it\n"
    << "needs nothing but torch. Its parameter names are those of state_dict.pt beside it:\n\n"
    << "    import model\n"
    << "    net = model.load()          # eval mode; model.load(\"DIR\") for another folder\n"
    << "    logits = net(images)        # images (B, INPUT_CHANNELS, H, W), normalised by\n"
    << "                                # INPUT_MEAN / INPUT_STD of pixel / 255\n\n"
    << "ONNX (for vendor compilers, e.g. TFLite then Vela): python3 model.py --onnx subnet.onnx\n"
    << "or torch.onnx.export(net, model.example_input(), \"subnet.onnx\", opset_version=13).\n"
    << "\"\"\"\n\n"
    << "import math\nimport os\nimport warnings\n\nimport torch\nfrom torch import nn\n\n"
    << "ARCH_KEY = " << pyString(info.archKey) << "\n"
    << "INPUT_CHANNELS = " << space.inputChannels << "\n"
    << "CLASSES = " << space.classes << "\n"
    << "TRAIN_RESOLUTION = " << arch.resolution << "\n"
    << "DEPLOY_RESOLUTION = " << info.deployResolution << "\n"
    << "INPUT_MEAN = " << pyList(info.mean) << "\n"
    << "INPUT_STD = " << pyList(info.std) << "\n"
    << "ACTIVATION = " << pyString(space.activation) << "\n\n\n"
    << "def activation(x):\n";
  if (space.activation == "relu6") s << "    return torch.nn.functional.hardtanh(x, 0.0, 6.0)  # ReLU6\n";
  else s << "    return torch.nn.functional.silu(x)  # swish\n";
  s << kBlocks << subnetClass(space, arch) << kLoader;
  return s.str();
}

}  // namespace h4h
