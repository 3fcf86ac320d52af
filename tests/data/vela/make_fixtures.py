#!/usr/bin/env python3
"""Writes the hand-made Vela fixtures of this folder (see README.md).

NOT Vela output: the rows follow the column layout of Vela's writers
(ethosu/vela/npu_performance.py print_performance for the per-layer CSV,
ethosu/vela/stats_writer.py write_summary_metrics_csv for the summary; Python's csv
module, so CRLF line ends) and MobileNetV2's operator sequence as a TFLite file from
Keras has it, but every cycle and byte count below is synthetic: simple formulas
chosen so that tests can recompute them, not an estimate of any hardware.
"""
import csv
import math

PER_LAYER_HEADER = ["TFLite_operator", "NNG Operator", "SRAM Usage", "Peak%", "Op Cycles", "Network%",
                    "NPU", "SRAM AC", "DRAM AC", "OnFlash AC", "OffFlash AC", "MAC Count", "Network%",
                    "Util%", "Name"]


def mobilenet_v2_ops():
    """(tflite op, nng op, name, macs, weight bytes, activation bytes) in execution order."""
    net = "mobilenetv2_1.00_224"
    ops = []
    h, c = 112, 32
    ops.append(("CONV_2D", "Conv2DBias", f"{net}/Conv1/Relu6", h * h * 32 * 27, 27 * 32, 224 * 224 * 3 + h * h * 32))
    rows = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
    block = 0
    for t, width, n, s in rows:
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = c * t
            prefix = f"{net}/block_{block}" if block else f"{net}/expanded_conv"
            if t != 1:
                ops.append(("CONV_2D", "Conv2DBias", f"{prefix}_expand_relu/Relu6", h * h * c * hidden, c * hidden,
                            h * h * (c + hidden)))
            ho = (h + stride - 1) // stride
            ops.append(("DEPTHWISE_CONV_2D", "DepthwiseConv2DBias", f"{prefix}_depthwise_relu/Relu6",
                        ho * ho * hidden * 9, hidden * 9, h * h * hidden + ho * ho * hidden))
            ops.append(("CONV_2D", "Conv2DBias", f"{prefix}_project_BN/FusedBatchNormV3", ho * ho * hidden * width,
                        hidden * width, ho * ho * (hidden + width)))
            if stride == 1 and c == width:
                ops.append(("ADD", "Add", f"{prefix}_add/add", 0, 0, 3 * ho * ho * width))
            h, c = ho, width
            block += 1
    ops.append(("CONV_2D", "Conv2DBias", f"{net}/out_relu/Relu6", h * h * c * 1280, c * 1280, h * h * (c + 1280)))
    # MEAN (global average pooling): Vela counts kernel area x output elements.
    ops.append(("MEAN", "AvgPool", f"{net}/global_average_pooling2d/Mean", h * h * 1280, 0, h * h * 1280 + 1280))
    ops.append(("FULLY_CONNECTED", "FullyConnected", f"{net}/predictions/MatMul;{net}/predictions/BiasAdd",
                1280 * 1000, 1280 * 1000, 1280 + 1000))
    ops.append(("SOFTMAX", "Softmax", "Identity", 0, 0, 2000))
    return ops


def synthetic_cycles(tflite_op, macs, weights, activations):
    """Synthetic cycle counts (NOT Vela's model): compute from MACs at a per-op rate,
    SRAM at 16 bytes/cycle for activations, DRAM at 3.75 bytes/cycle for weights."""
    rate = {"CONV_2D": 200.0, "DEPTHWISE_CONV_2D": 25.0, "FULLY_CONNECTED": 10.0, "MEAN": 8.0}
    npu = math.ceil(macs / rate[tflite_op]) if macs else math.ceil(activations / 3 / 8)
    sram = activations / 16.0
    dram = weights / 3.75
    return float(npu), sram, dram


def write_mobilenet_v2():
    ops = mobilenet_v2_ops()
    rows = []
    for tflite_op, nng_op, name, macs, weights, activations in ops:
        npu, sram, dram = synthetic_cycles(tflite_op, macs, weights, activations)
        rows.append((tflite_op, nng_op, name, macs, weights, activations, npu, sram, dram, max(npu, sram, dram)))
    total_cycles = sum(r[9] for r in rows)
    total_macs = sum(r[3] for r in rows)
    peak_usage = max(r[5] for r in rows)
    with open("mobilenet_v2_per-layer.csv", "w", encoding="UTF8") as f:
        writer = csv.writer(f)
        writer.writerow(PER_LAYER_HEADER)
        for tflite_op, nng_op, name, macs, weights, activations, npu, sram, dram, op_cycles in rows:
            writer.writerow([tflite_op, nng_op, activations, activations / peak_usage * 100.0, op_cycles,
                             op_cycles / total_cycles * 100.0, npu, sram, dram, 0.0, 0.0, macs,
                             macs / total_macs * 100.0, macs / (op_cycles * 256) * 100.0, name])

    sram_bytes = sum(r[5] for r in rows)
    dram_bytes = sum(r[4] for r in rows)
    cycles = [sum(r[6] for r in rows), sum(r[7] for r in rows), sum(r[8] for r in rows), 0.0, 0.0, total_cycles]
    inference_time = total_cycles / 1e9
    areas = ["sram", "dram", "on_chip_flash", "off_chip_flash"]
    header = (["experiment", "network", "accelerator_configuration", "system_config", "memory_mode", "core_clock",
               "arena_cache_size"] + [a + "_bandwidth" for a in areas] +
              ["weights_storage_area", "feature_map_storage_area", "inferences_per_second", "batch_size",
               "inference_time", "passes_before_fusing", "passes_after_fusing"] +
              [a + "_memory_used" for a in areas] + ["total_original_weights", "total_npu_encoded_weights"])
    for a in areas:
        header += [a + "_feature_map_read_bytes", a + "_feature_map_write_bytes", a + "_weight_read_bytes",
                   a + "_weight_write_bytes", a + "_total_bytes"]
    header += ["nn_macs", "nn_tops"]
    header += ["cycles_" + k for k in ["npu", "sram_access", "dram_access", "on_chip_flash_access",
                                       "off_chip_flash_access", "total"]]
    data = (["default", "mobilenet_v2", "Ethos_U65_256", "Ethos_U65_High_End", "Shared_Sram", 1000000000.0, 0.0,
             16.0, 3.75, 16.0, 16.0, "DRAM", "SRAM", 1 / inference_time, 1, inference_time, len(rows), len(rows),
             peak_usage / 1024.0, 0.0, 0.0, 0.0, dram_bytes, dram_bytes] +
            [sram_bytes * 0.5, sram_bytes * 0.5, 0, 0, sram_bytes] +
            [0, 0, dram_bytes, 0, dram_bytes] + [0, 0, 0, 0, 0] * 2 +
            [total_macs, total_macs * 2 / inference_time / 1e12] + cycles)
    with open("mobilenet_v2_summary_Ethos_U65_High_End.csv", "w") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerow(data)


if __name__ == "__main__":
    write_mobilenet_v2()
