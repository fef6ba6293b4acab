#!/usr/bin/env python3
"""Checks that every published model in models/ loads into the PyTorch modules of ../shared/bench/unet.py
with load_state_dict(strict=True), under its own parameter names, and runs one eval-mode forward. For the
classifier it also measures the MNIST test accuracy in PyTorch and compares it with the one in the file's
metadata (sitegen's measurement), within 0.05 percentage points.

Install (once):  python3 -m venv /tmp/torch-ref && /tmp/torch-ref/bin/pip install "torch==2.13.0+cpu" numpy safetensors
Run from the repo root, by hand, after `sitegen models publish` (MNIST from $SITEGEN_DATA, else ../shared/data/mnist):
    /tmp/torch-ref/bin/python tools/check_published_models.py [models-folder]
Prints one line per file; exits 1 if any file fails. Writes nothing.
"""
import json
import os
import sys

import torch
import torch.nn as nn
from safetensors import safe_open
from safetensors.torch import load_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "bench"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "shared", "bench"))
MNIST = os.environ.get("SITEGEN_DATA", os.path.join(HERE, "..", "..", "shared", "data", "mnist"))
from unet import ClassConditionalUNet, Conv, DownConv, TimeConditionalUNet, UnconditionalUNet  # noqa: E402


class DigitClassifier(nn.Module):
    """sitegen's evaluation classifier (Sources/Compute/Training/DigitClassifier.swift), built from unet.py's blocks."""

    def __init__(self, W):
        super().__init__()
        self.features = nn.Sequential(Conv(1, W), DownConv(W, 2 * W), Conv(2 * W, 2 * W), DownConv(2 * W, 4 * W))
        self.classifier = nn.Linear(4 * W * 7 * 7, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def module_for(config):
    kind, D = config["kind"], config["D"]
    if kind == "denoiser":
        return UnconditionalUNet(1, D), lambda m, x: m(x)
    if kind == "time":
        return TimeConditionalUNet(1, D), lambda m, x: m(x, torch.full((x.shape[0], 1), 0.5))
    if kind == "classConditioned":
        return ClassConditionalUNet(1, D), lambda m, x: m(x, torch.eye(10)[: x.shape[0]], torch.full((x.shape[0], 1), 0.5))
    if kind == "classifier":
        return DigitClassifier(D), lambda m, x: m(x)
    raise ValueError(f"unknown kind {kind}")


def mnist_test(folder):
    """The 10,000 test images in [0, 1] and their labels, from the standard IDX files (gzipped or not)."""
    import gzip
    import numpy as np

    def read(name):
        for path in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
            if os.path.exists(path):
                with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
                    return f.read()
        raise FileNotFoundError(os.path.join(folder, name))

    images = np.frombuffer(read("t10k-images-idx3-ubyte"), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)
    labels = np.frombuffer(read("t10k-labels-idx1-ubyte"), dtype=np.uint8, offset=8)
    return torch.from_numpy(images.astype(np.float32) / 255), torch.from_numpy(labels.astype(np.int64))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "models"
    with open(os.path.join(folder, "index.json")) as f:
        entries = json.load(f)["models"]
    failures = 0
    for entry in entries:
        path = os.path.join(folder, entry["file"])
        try:
            with safe_open(path, "pt") as f:
                config = json.loads(f.metadata()["config"])
                evaluation = json.loads(f.metadata()["evaluation"])
            model, run = module_for(config)
            model.load_state_dict(load_file(path), strict=True)
            model.eval()
            with torch.no_grad():
                y = run(model, torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
            assert torch.isfinite(y).all(), "non-finite output"
            note = ""
            if config["kind"] == "classifier":
                images, labels = mnist_test(MNIST)
                with torch.no_grad():
                    predicted = torch.cat([model(images[i:i + 500]).argmax(1) for i in range(0, len(images), 500)])
                accuracy = (predicted == labels).double().mean().item()
                claimed = evaluation["classifierTestAccuracy"]
                assert abs(accuracy - claimed) <= 5e-4, f"PyTorch test accuracy {accuracy:.4%}, metadata says {claimed:.4%}"
                note = f", PyTorch test accuracy {accuracy:.2%} (metadata {claimed:.2%})"
            print(f"ok    {entry['file']}: {type(model).__name__}(D={config['D']}) strict load, output {tuple(y.shape)}{note}")
        except Exception as error:  # report every file, then fail
            failures += 1
            print(f"FAIL  {entry['file']}: {error}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
