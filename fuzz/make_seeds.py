#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT/<target>/, from the bundled
projects and presets plus small sample files of each format (scripts/fuzz.sh runs it)."""
import glob
import gzip
import json
import os
import struct
import sys
import zlib

root, out = sys.argv[1], sys.argv[2]


def put(target, name, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


projects = sorted(glob.glob(os.path.join(root, "projects", "*.h4h")))
for path in projects:
    text = open(path, "rb").read()
    name = os.path.basename(path)
    put("fuzz_project", name, text)
    doc = json.loads(text)
    put("fuzz_space", name + ".space.json", json.dumps(doc["space"], indent=1))
    # The largest arch of the space, as an arch file would hold it.
    space = doc["space"]
    stages = []
    for st in space["stages"]:
        mb, vit = max(st["mb_depths"]), max(st.get("vit_depths", [0]))
        stages.append({"width": max(st["widths"]), "mb_depth": mb,
                       "kernels": [max(st["kernels"])] * mb, "expands": [max(st["expands"])] * mb,
                       "vit_depth": vit, "heads": [max(st.get("heads", [1]) or [1])] * vit,
                       "mlp_ratios": [max(st.get("mlp_ratios", [1]) or [1])] * vit})
    arch = {"resolution": max(space["train_resolutions"]), "stem_width": max(space["stem"]["widths"]),
            "stages": stages, "head_width": 0, "feature_width": 0}
    put("fuzz_arch", name + ".arch.json", json.dumps(arch, indent=1))
    put("fuzz_arch", name + ".wrapped.json", json.dumps({"arch": arch}))
# Trained projects: their results.runs give the fuzzer run records to mutate.
for path in sorted(glob.glob(os.path.join(root, "tests", "data", "projects", "*.h4h"))):
    put("fuzz_project", os.path.basename(path), open(path, "rb").read())
for path in sorted(glob.glob(os.path.join(root, "resources", "presets", "*.json"))):
    put("fuzz_project", os.path.basename(path), open(path, "rb").read())
key = "r224_s16_w16:k3e1_w24:k3e4,k5e4,k3e6_w32:k3e4,k3e4,k3e5_w64:k3e4/h8m1,h8m2_w112:k3e6_w160:k3e6/h4m1_w208:k3e6_c1248_f1792"
put("fuzz_arch", "key.json", json.dumps(key))
put("fuzz_arch", "key-object.json", json.dumps({"key": key}))

header = "kind,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups,device,latency_ns,energy_nj"
put("fuzz_measured_table", "table.csv", "\n".join([
    "# measured on silicon", header,
    "pwconv,32,28,28,64,28,28,1,1,1,npu,12000,5.5",
    "pwconv,32,28,28,64,28,28,1,1,1,cim,9000,2",
    "dwconv,64,28,28,64,14,14,3,2,64,npu,3000,1.25",
    "conv,3,32,32,16,16,16,3,2,1,npu,1e4,0"]) + "\n")
put("fuzz_measured_table", "reordered.csv",
    "device,kind,latency_ns,energy_nj,in_c,in_h,in_w,out_c,out_h,out_w,kernel,stride,groups\n"
    "npu,fc,10,1,128,1,1,10,1,1,1,1,1\n")

put("fuzz_topology", "conv.csv",
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
    "Conv1, 224, 224, 7, 7, 3, 64, 2,\nCB2a_DP, 56, 56, 3, 3, 64, 1, 1,\nFC, 1, 1, 1, 1, 2048, 1000, 1,\n")
put("fuzz_topology", "conv9.csv",
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Stride H, Stride W\n"
    "c1, 32, 32, 3, 3, 16, 32, 2, 1\n")
put("fuzz_topology", "gemm.csv", "Layer, M, N, K\nqkv, 197, 2304, 768\nproj, 197, 768, 768\n")

# Vela's per-layer and summary CSVs: the hand-made fixtures of the calibration tests.
for path in sorted(glob.glob(os.path.join(root, "tests", "data", "vela", "*_per-layer.csv")) +
                   glob.glob(os.path.join(root, "tests", "data", "vela", "*_summary_*.csv"))):
    put("fuzz_vela_csv", os.path.basename(path), open(path, "rb").read())


def idx_images(n, rows, cols):
    return struct.pack(">IIII", 0x803, n, rows, cols) + bytes((i * 7) % 256 for i in range(n * rows * cols))


def idx_labels(n):
    return struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n))


put("fuzz_idx", "images", idx_images(3, 4, 4))
put("fuzz_idx", "images.gz", gzip.compress(idx_images(3, 4, 4)))
put("fuzz_idx", "labels", idx_labels(5))
put("fuzz_idx", "labels.gz", gzip.compress(idx_labels(5)))
fashion = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"
if os.path.exists(fashion):
    put("fuzz_idx", "fashion-t10k-labels.gz", open(fashion, "rb").read())

record = lambda label: bytes([label]) + bytes((i * 13) % 256 for i in range(3072))
put("fuzz_cifar", "batch.bin", record(3) + record(9))
put("fuzz_cifar", "batch.bin.gz", gzip.compress(record(0)))


def png(width, height, grey_rows):
    """A minimal 8-bit grey PNG, built with zlib (no imaging library needed)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(row) for row in grey_rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


put("fuzz_image", "grey.png", png(2, 2, [[0, 255], [128, 64]]))
put("fuzz_image", "truncated.png", png(2, 2, [[0, 255], [128, 64]])[:40])
put("fuzz_image", "soi.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
