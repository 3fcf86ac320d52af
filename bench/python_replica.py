#!/usr/bin/python3
"""Our training path against a PyTorch-Python replica of the same subnet, side by side.

The replica is the model.py that `h4h export` writes for the demo's max subnet, with its
exported weights (the untrained supernet of seed 1: the weights bench_supernet builds),
so both sides run the same network; tests/test_export_python.cpp checks their logits are
bitwise equal. One SGD training step (lr 0.01, momentum 0.9, cross-entropy) on batch 128
of random images, one thread each, interleaved rounds in one run, medians:
  Python eager, PyTorch's default layout (NCHW) and channels-last;
  ours: bench_supernet --supernet-only (Supernet::forward, what `h4h train` runs), with
  configureAllocator() and with glibc's default malloc.
Prints images/s of each and ours / the best Python layout per round, median (target >= 1.2).

usage: /usr/bin/python3 bench/python_replica.py [--build DIR] [--rounds R] [--steps N]
  DIR defaults to build/ (needs h4h and bench_supernet built). Skips with a message
  when this Python has no torch (Debian: python3-torch).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BATCH = 128


def blas_core():
    flags = set()
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= flags:
        return "SkylakeX"
    return "Haswell" if {"avx2", "fma"} <= flags else ""


def python_rate(net, x, y, steps):
    import torch
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()

    step()  # warm-up, as bench_supernet
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * BATCH / (time.perf_counter() - t0)


def our_rate(build, steps, system_malloc):
    cmd = [os.path.join(build, "bench", "bench_supernet"), os.path.join(ROOT, "projects", "demo.h4h"),
           "--supernet-only", "--rounds", "1", "--steps", str(steps), "--threads", "1", "--batch", str(BATCH)]
    if system_malloc:
        cmd.append("--system-malloc")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return float(re.search(r"supernet running max arch\s+([\d.]+)", out).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    # One thread for every pool, as ours (configureTorchThreads also sizes OpenBLAS's, whose
    # idle threads otherwise spin beside a single-threaded job): set before torch loads.
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    # The BLAS kernels ours gets where OpenBLAS misdetects the CPU (torch_runtime.cpp
    # selectBlasKernels): the same for Python, so only the training paths differ.
    os.environ.setdefault("OPENBLAS_CORETYPE", blas_core())
    try:
        import torch
    except ImportError as e:
        print("python_replica: skipped, %s has no torch (%s); install Debian's python3-torch" %
              (sys.executable, e))
        return 0
    torch.set_num_threads(1)
    print("python_replica: torch %s, batch %d, 1 thread, OpenBLAS kernels %s, %d steps x %d rounds, load %s" %
          (torch.__version__, BATCH, os.environ["OPENBLAS_CORETYPE"] or "(detected)", args.steps, args.rounds,
           os.getloadavg()))

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([os.path.join(args.build, "app", "h4h"), "export",
                        os.path.join(ROOT, "projects", "demo.h4h"), "--arch", "max", "--untrained",
                        "--out", folder, "--quiet"], check=True)
        sys.path.insert(0, folder)
        import model
        nets = {"python NCHW": model.load(folder, memory_format=torch.contiguous_format).train(),
                "python channels-last": model.load(folder).train()}
        res = model.TRAIN_RESOLUTION
        torch.manual_seed(1)
        x = torch.randn(BATCH, model.INPUT_CHANNELS, res, res)
        y = torch.randint(model.CLASSES, (BATCH,))
        rates = {name: [] for name in list(nets) + ["ours", "ours, glibc default malloc"]}
        for _ in range(args.rounds):
            for name, net in nets.items():
                rates[name].append(python_rate(net, x, y, args.steps))
            rates["ours"].append(our_rate(args.build, args.steps, False))
            rates["ours, glibc default malloc"].append(our_rate(args.build, args.steps, True))

    medians = {name: statistics.median(r) for name, r in rates.items()}
    print("\ntraining images/s (median of %d rounds):" % args.rounds)
    for name, rate in medians.items():
        print("  %-28s %8.1f   rounds: %s" % (name, rate, " ".join("%.1f" % r for r in rates[name])))
    # Per round, against the better Python layout of that round (measured seconds apart,
    # so a shared machine's load changes cancel), then the median.
    ratios = [ours / max(nchw, last) for ours, nchw, last in
              zip(rates["ours"], rates["python NCHW"], rates["python channels-last"])]
    ratio = statistics.median(ratios)
    print("  ours / best Python layout    %8.2f   rounds: %s   (target >= 1.2: %s)" %
          (ratio, " ".join("%.2f" % r for r in ratios), "met" if ratio >= 1.2 else "NOT met"))
    print("load after: %s" % (os.getloadavg(),))
    return 0


if __name__ == "__main__":
    sys.exit(main())
