#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures the Swift compute tests compare against, and checks that a
checkpoint written by Swift loads into the PyTorch models with load_state_dict(strict=True).

Install (once):  python3 -m venv /tmp/torch-ref && /tmp/torch-ref/bin/pip install "torch==2.13.0+cpu" numpy safetensors
                 (the +cpu wheel comes from --index-url https://download.pytorch.org/whl/cpu)
Run from the repo root:  /tmp/torch-ref/bin/python tools/make_reference.py [--check-only] [swift-checkpoint ...]

Outputs (float32, small shapes, < 2 MB together) in Tests/ComputeTests/Fixtures/:
  ops.safetensors               each op's inputs, weights, outputs and gradients, prefixed by op name
  unet-<kind>.safetensors       D=8 UNet, batch 4, 28x28: "state0.*" (state_dict, with non-trivial running stats),
                                inputs "x", "t", "c", "target", "y_eval", "y_train", "loss", "grad.x", "grad.<param>",
                                "adam1.<state>" / "adam3.<state>" (state_dict after 1 and 3 Adam steps, lr 1e-3,
                                each step a train-mode forward/backward of MSE on the same batch)
Swift checkpoints to check default to /tmp/sitegen-swift-ckpt-<kind>.safetensors (written by the Swift test
CheckpointTests.writesCheckpointsForThePyTorchLoadCheck together with <kind>.io.safetensors: inputs and Swift's
eval-mode output, which the loaded PyTorch model must reproduce).
"""
import glob
import os
import sys

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_unets import ClassConditionalUNet, TimeConditionalUNet, UnconditionalUNet  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ComputeTests", "Fixtures")
KINDS = {"unconditional": UnconditionalUNet, "time": TimeConditionalUNet, "class": ClassConditionalUNet}
D, BATCH = 8, 4


def f32(d):
    """safetensors wants contiguous tensors; floats as float32, integer buffers stay int64."""
    return {k: (v.detach().contiguous().float() if v.is_floating_point() else v.detach().contiguous()) for k, v in d.items()}


def op_fixtures():
    g = torch.Generator().manual_seed(1)
    r = lambda *s: torch.randn(*s, generator=g)
    out = {}

    def record(prefix, inputs, fn):
        leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
        y = fn(**leaves)
        gy = r(*y.shape)
        y.backward(gy)
        out.update({f"{prefix}.{k}": v for k, v in inputs.items()})
        out[f"{prefix}.y"] = y
        out[f"{prefix}.gy"] = gy
        out.update({f"{prefix}.g{k}": v.grad for k, v in leaves.items()})

    record("conv_s1", {"x": r(2, 3, 5, 5), "w": r(4, 3, 3, 3), "b": r(4)}, lambda x, w, b: F.conv2d(x, w, b, 1, 1))
    record("conv_s2", {"x": r(2, 3, 6, 6), "w": r(4, 3, 3, 3), "b": r(4)}, lambda x, w, b: F.conv2d(x, w, b, 2, 1))
    record("convt_4s2p1", {"x": r(2, 3, 4, 4), "w": r(3, 2, 4, 4), "b": r(2)},
           lambda x, w, b: F.conv_transpose2d(x, w, b, 2, 1))
    record("convt_7s7", {"x": r(2, 3, 1, 1), "w": r(3, 3, 7, 7), "b": r(3)},
           lambda x, w, b: F.conv_transpose2d(x, w, b, 7, 0))
    for mode, training in (("train", True), ("eval", False)):
        rm, rv = r(4), torch.rand(4, generator=g) + 0.5
        out[f"bn_{mode}.running_mean0"], out[f"bn_{mode}.running_var0"] = rm.clone(), rv.clone()
        record(f"bn_{mode}", {"x": r(3, 4, 5, 5) * 2 + 1, "gamma": r(4), "beta": r(4)},
               lambda x, gamma, beta: F.batch_norm(x, rm, rv, gamma, beta, training, 0.1, 1e-5))
        out[f"bn_{mode}.running_mean1"], out[f"bn_{mode}.running_var1"] = rm, rv
    record("gelu", {"x": r(64) * 3}, lambda x: F.gelu(x))
    record("avgpool7", {"x": r(2, 3, 14, 14)}, lambda x: F.avg_pool2d(x, 7))
    record("linear", {"x": r(3, 5), "w": r(4, 5), "b": r(4)}, lambda x, w, b: F.linear(x, w, b))
    record("mse", {"p": r(2, 3, 4), "t": r(2, 3, 4)}, lambda p, t: F.mse_loss(p, t).reshape(1))
    return f32(out)


def call(model, kind, x, t, c):
    if kind == "unconditional":
        return model(x)
    if kind == "time":
        return model(x, t)
    return model(x, c, t)


def unet_fixtures(kind, seed):
    torch.manual_seed(seed)
    model = KINDS[kind](1, D)
    # Non-trivial running statistics, so eval mode is checked with something other than mean 0 / var 1.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.num_features) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features) + 0.5)
                m.num_batches_tracked.fill_(5)
    x = torch.randn(BATCH, 1, 28, 28)
    t = torch.rand(BATCH, 1)
    c = F.one_hot(torch.tensor([3, 0, 9, 5]), 10).float()
    c[1] = 0  # a dropped (unconditional) row, as classifier-free guidance training does
    target = torch.randn(BATCH, 1, 28, 28)
    out = {f"state0.{k}": v.clone() for k, v in model.state_dict().items()}
    out.update({"x": x, "t": t, "c": c, "target": target})

    model.eval()
    with torch.no_grad():
        out["y_eval"] = call(model, kind, x, t, c)

    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(1, 4):
        opt.zero_grad()
        xg = x.clone().requires_grad_(step == 1)
        y = call(model, kind, xg, t, c)
        loss = F.mse_loss(y, target)
        loss.backward()
        if step == 1:
            out["y_train"], out["loss"], out["grad.x"] = y, loss.reshape(1), xg.grad
            out.update({f"grad.{k}": p.grad.clone() for k, p in model.named_parameters()})
        opt.step()
        if step in (1, 3):
            out.update({f"adam{step}.{k}": v.clone() for k, v in model.state_dict().items()})
    return f32(out)


def check_swift_checkpoints(paths):
    ok = True
    for path in paths:
        name = os.path.basename(path)
        kind = next((k for k in KINDS if f"-{k}." in name or f"-{k}-" in name), None)
        if kind is None:
            print(f"skip {path}: name does not say which UNet kind it is")
            continue
        state = load_file(path)
        model = KINDS[kind](1, D)
        model.load_state_dict(state, strict=True)
        print(f"PyTorch load_state_dict(strict=True) OK: {path} ({kind}, {len(state)} tensors)")
        io_path = path[: -len(".safetensors")] + ".io.safetensors"
        if os.path.exists(io_path):
            io = load_file(io_path)
            model.eval()
            with torch.no_grad():
                y = call(model, kind, io["x"], io["t"], io["c"])
            err = ((y - io["y_eval"]).abs().max() / io["y_eval"].abs().max()).item()
            verdict = "OK" if err <= 1e-4 else "MISMATCH"
            ok = ok and err <= 1e-4
            print(f"  eval output of the loaded model vs Swift's: max relative error {err:.2e} {verdict}")
    return ok


def main():
    args = sys.argv[1:]
    check_only = "--check-only" in args
    paths = [a for a in args if not a.startswith("--")] or sorted(
        p for p in glob.glob("/tmp/sitegen-swift-ckpt-*.safetensors") if not p.endswith(".io.safetensors"))
    if not check_only:
        # One thread, and one metadata key per file (safetensors orders metadata keys at random), so a rerun
        # rewrites byte-identical fixtures.
        torch.set_num_threads(1)
        os.makedirs(FIXTURES, exist_ok=True)
        save_file(op_fixtures(), os.path.join(FIXTURES, "ops.safetensors"), metadata={"generator": "tools/make_reference.py"})
        for i, kind in enumerate(KINDS):
            save_file(unet_fixtures(kind, 100 + i), os.path.join(FIXTURES, f"unet-{kind}.safetensors"),
                      metadata={"generator": f"tools/make_reference.py D={D} torch={torch.__version__}"})
        total = 0
        for f in sorted(glob.glob(os.path.join(FIXTURES, "*.safetensors"))):
            size = os.path.getsize(f)
            total += size
            print(f"{os.path.relpath(f)}: {size} bytes")
        print(f"fixtures total: {total} bytes")
    if not paths:
        print("no Swift checkpoint found to check (run the Swift checkpoint tests first)")
    elif not check_swift_checkpoints(paths):
        sys.exit("Swift checkpoint outputs differ from PyTorch's")


if __name__ == "__main__":
    main()
