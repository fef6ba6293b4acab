#!/usr/bin/env python3
"""Writes the DeepFloyd IF parity fixtures: tiny IF-shaped UNets (stage I and stage II) with seeded weights in the
Hugging Face snapshot layout, their seeded inputs, outputs and named intermediate activations, and a DDPMScheduler
step fixture. The Swift tests in Tests/ComputeTests/DeepFloyd load these snapshots through the same code path a
user's snapshot takes. Run by hand only, never by tests.

Install (once):  /tmp/torch-ref/bin/pip install diffusers transformers accelerate
                 (on top of the torch venv described in tools/make_reference.py)
Run from the repo root:  /tmp/torch-ref/bin/python tools/make_if_reference.py

Outputs in Tests/ComputeTests/Fixtures/deepfloyd/ (< 5 MB together; checked at the end):
  if-tiny-I/unet/    config.json, diffusion_pytorch_model.safetensors (F32) and .fp16.safetensors (F16 variant)
  if-tiny-II/unet/   config.json, sharded F32 diffusion_pytorch_model-0000k-of-0000n.safetensors + .index.json
  if-tiny-I.io.safetensors, if-tiny-II.io.safetensors
                     inputs `sample`, `timestep` (I64), `encoder_hidden_states`, [`class_labels` (I64)], output `out`,
                     `act.<module>` intermediates (forward hooks), and for stage I `out_fp16` = the output of the same
                     model with every weight rounded to fp16 (what the .fp16 variant must reproduce when widened)
  scheduler.safetensors  DDPMScheduler (IF-I config) steps on the course's strided timesteps, with explicit noise
  summary.json       versions, configs, sums
  pipeline.safetensors   the sampling loops of IFPipeline (stage I, 4 steps, CFG 7, thresholding) and
                     IFSuperResolutionPipeline (stage II, 3 steps, CFG 4, bilinear upscale + add_noise at level 250)
                     run on the two tiny snapshots above, with every random draw saved (see pipeline_fixture);
                     also writes if-tiny-II/scheduler/ and if-tiny-II/image_noising_scheduler/ configs.
                     Its own generator, so the files above are unchanged by it. `... make_if_reference.py pipeline`
                     writes only this part.
Versions used: torch 2.13.0+cpu, diffusers 0.42.1.
"""
import json
import os
import shutil
import subprocess

import sys

import diffusers
import torch
import torch.nn.functional as F
from diffusers import DDPMScheduler, UNet2DConditionModel
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ComputeTests", "Fixtures", "deepfloyd")

COMMON = dict(
    sample_size=16, out_channels=6, mid_block_type="UNetMidBlock2DSimpleCrossAttn",
    attention_head_dim=8, cross_attention_dim=32, encoder_hid_dim=16, encoder_hid_dim_type="text_proj",
    addition_embed_type="text", addition_embed_type_num_heads=2, cross_attention_norm="group_norm",
    resnet_time_scale_shift="scale_shift", act_fn="gelu", norm_eps=1e-5, flip_sin_to_cos=True, freq_shift=0,
    only_cross_attention=False, upcast_attention=False,
)
STAGE_I = dict(
    COMMON, in_channels=3, block_out_channels=(16, 32), layers_per_block=1, norm_num_groups=8,
    down_block_types=("ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"),
    up_block_types=("SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D"),
)
STAGE_II = dict(
    COMMON, in_channels=6, block_out_channels=(8, 16, 32), layers_per_block=(1, 1, 2), norm_num_groups=4,
    down_block_types=("ResnetDownsampleBlock2D", "ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"),
    up_block_types=("SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D", "ResnetUpsampleBlock2D"),
    class_embed_type="timestep", mid_block_scale_factor=1.4142271248762552,
    resnet_out_scale_factor=1.4142271248762552, resnet_skip_time_act=True, time_embedding_act_fn="gelu",
    time_embedding_dim=32,
)

HOOKED = ["time_proj", "time_embedding", "class_embedding", "add_embedding", "time_embed_act", "encoder_hid_proj",
          "conv_in", "mid_block", "conv_norm_out", "conv_out"]


def build(config, seed):
    torch.manual_seed(seed)
    model = UNet2DConditionModel(**config)
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for _, p in sorted(model.named_parameters()):
            p.add_(0.05 * torch.randn(p.shape, generator=g))  # GN/LN scales != 1, biases != 0
    return model.eval()


def run(model, inputs):
    acts = {}
    handles = []

    def hook(name):
        def f(_module, _inp, out):
            h = out[0] if isinstance(out, tuple) else out
            key = f"act.{name}"
            if key in acts:  # time_proj runs a second time on the noise level (class embedding)
                key = f"act.class_{name}"
            acts[key] = h.detach().clone()
        return f

    for name in HOOKED:
        m = getattr(model, name, None)
        if isinstance(m, torch.nn.Module):
            handles.append(m.register_forward_hook(hook(name)))
    for i, b in enumerate(model.down_blocks):
        handles.append(b.register_forward_hook(hook(f"down_blocks.{i}")))
    for i, b in enumerate(model.up_blocks):
        handles.append(b.register_forward_hook(hook(f"up_blocks.{i}")))
    with torch.no_grad():
        out = model(inputs["sample"], inputs["timestep"], encoder_hidden_states=inputs["encoder_hidden_states"],
                    class_labels=inputs.get("class_labels")).sample
    for h in handles:
        h.remove()
    return out, acts


def snapshot(name, config, seed, inputs, fp16_variant=False, shard=None):
    root = os.path.join(OUT, name)
    shutil.rmtree(root, ignore_errors=True)
    model = build(config, seed)
    unet_dir = os.path.join(root, "unet")
    if shard:
        model.save_pretrained(unet_dir, max_shard_size=shard)
    else:
        model.save_pretrained(unet_dir)
    if fp16_variant:
        build(config, seed).half().save_pretrained(unet_dir, variant="fp16")
    reloaded = UNet2DConditionModel.from_pretrained(unet_dir).eval()  # the forward runs on what is on disk
    out, acts = run(reloaded, inputs)
    io = dict(inputs)
    io["out"] = out
    io.update(acts)
    if fp16_variant:
        rounded = build(config, seed)
        with torch.no_grad():
            for p in rounded.parameters():
                p.copy_(p.half().float())
        io["out_fp16"], _ = run(rounded, inputs)
    save_file({k: v.contiguous() for k, v in io.items()}, os.path.join(OUT, f"{name}.io.safetensors"))
    return {"files": sorted(os.listdir(unet_dir)), "out_sum": float(out.sum()), "out_shape": list(out.shape),
            "intermediates": sorted(acts), "params": sum(p.numel() for p in model.parameters())}


def scheduler_fixture():
    sched = DDPMScheduler(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", beta_start=0.0001,
                          beta_end=0.02, variance_type="learned_range", prediction_type="epsilon", thresholding=True,
                          dynamic_thresholding_ratio=0.95, sample_max_value=1.5, clip_sample=True,
                          clip_sample_range=1.0)
    strided = list(range(990, -1, -30))
    sched.set_timesteps(timesteps=strided)
    g = torch.Generator().manual_seed(7)
    out = {"alphas_cumprod": sched.alphas_cumprod.clone(), "timesteps": sched.timesteps.clone()}
    # one large-|x0| sample (thresholded at s = 1.5), one mid (1 < s < 1.5), one small (s clamped to 1)
    scales = torch.tensor([3.0, 1.1, 0.3]).view(3, 1, 1, 1)
    for t in (690, 30, 0):
        eps = torch.randn(3, 3, 8, 8, generator=g)
        v = torch.rand(3, 3, 8, 8, generator=g) * 2 - 1
        x = torch.randn(3, 3, 8, 8, generator=g) * scales
        seed = 100 + t
        noise = torch.randn(3, 3, 8, 8, generator=torch.Generator().manual_seed(seed))
        prev = sched.step(torch.cat([eps, v], 1), t, x, generator=torch.Generator().manual_seed(seed)).prev_sample
        out.update({f"t{t}.model_output": torch.cat([eps, v], 1), f"t{t}.sample": x, f"t{t}.noise": noise,
                    f"t{t}.prev_sample": prev,
                    f"t{t}.log_variance": sched._get_variance(t, predicted_variance=v)})
    save_file({k: v.contiguous() for k, v in out.items()}, os.path.join(OUT, "scheduler.safetensors"))
    config = dict(sched.config)
    config["_use_default_values"] = sorted(config.get("_use_default_values", []))  # a set in diffusers
    return {"config": config, "timesteps": strided}


def if_scheduler(sample_max_value):
    return DDPMScheduler(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2", beta_start=0.0001,
                         beta_end=0.02, variance_type="learned_range", prediction_type="epsilon", thresholding=True,
                         dynamic_thresholding_ratio=0.95, sample_max_value=sample_max_value, clip_sample=True,
                         clip_sample_range=1.0)


def guided(noise_pred, guidance, channels):
    """The pipelines' CFG: negative half first; epsilon guided, variance from the conditional half."""
    uncond, text = noise_pred.chunk(2)
    uncond, _ = uncond.split(channels, dim=1)
    text, predicted_variance = text.split(channels, dim=1)
    return torch.cat([uncond + guidance * (text - uncond), predicted_variance], dim=1)


def pipeline_fixture():
    """The bodies of IFPipeline.__call__ and IFSuperResolutionPipeline.__call__ (diffusers 0.42.1) with precomputed
    prompt embeddings, on the tiny snapshots as stored on disk. Step i's noise is drawn by scheduler.step from a
    generator seeded 500 + i (stage I) / 600 + i (stage II); the same draw is saved as `stage*.noise<i>`."""
    root1, root2 = os.path.join(OUT, "if-tiny-I"), os.path.join(OUT, "if-tiny-II")
    unet1 = UNet2DConditionModel.from_pretrained(os.path.join(root1, "unet")).eval()
    unet2 = UNet2DConditionModel.from_pretrained(os.path.join(root2, "unet")).eval()
    sched1, sched2 = if_scheduler(1.5), if_scheduler(1.0)
    noising = DDPMScheduler(beta_schedule="squaredcos_cap_v2")  # IF-II's image_noising_scheduler (convert_if.py)
    sched2.save_config(os.path.join(root2, "scheduler"))
    noising.save_config(os.path.join(root2, "image_noising_scheduler"))

    g = torch.Generator().manual_seed(4321)
    negative, prompt = torch.randn(1, 5, 16, generator=g), torch.randn(1, 5, 16, generator=g)
    embeds = torch.cat([negative, prompt])
    out = {"negative_prompt_embeds": negative, "prompt_embeds": prompt}
    meta = {}
    with torch.no_grad():
        steps, guidance = 4, 7.0
        sched1.set_timesteps(steps)
        x = torch.randn(1, 3, 16, 16, generator=g)
        out["stage1.initial"] = x
        for i, t in enumerate(sched1.timesteps):
            noise_pred = guided(unet1(torch.cat([x] * 2), t, encoder_hidden_states=embeds).sample, guidance, 3)
            out[f"stage1.noise{i}"] = torch.randn(x.shape, generator=torch.Generator().manual_seed(500 + i))
            x = sched1.step(noise_pred, t, x, generator=torch.Generator().manual_seed(500 + i)).prev_sample
            out[f"stage1.x{i}"] = x
        meta.update({"stage1.timesteps": str(sched1.timesteps.tolist()), "stage1.guidance": str(guidance)})

        steps, guidance, level = 3, 4.0, 250
        image = torch.tanh(torch.randn(1, 3, 8, 8, generator=g))  # a stage I result in [-1, 1], upscaled 8 -> 16
        sched2.set_timesteps(steps)
        x = torch.randn(1, 3, 16, 16, generator=g)  # intermediate images first, as the pipeline draws them
        up_noise = torch.randn(1, 3, 16, 16, generator=g)
        upscaled = F.interpolate(image, (16, 16), mode="bilinear", align_corners=True)
        noise_level = torch.tensor([level])
        noised = noising.add_noise(upscaled, up_noise, timesteps=noise_level)
        out.update({"stage2.image": image, "stage2.initial": x, "stage2.upscale_noise": up_noise,
                    "stage2.upscaled": upscaled, "stage2.noised_upscaled": noised})
        for i, t in enumerate(sched2.timesteps):
            model_input = torch.cat([torch.cat([x, noised], dim=1)] * 2)
            raw = unet2(model_input, t, encoder_hidden_states=embeds, class_labels=torch.cat([noise_level] * 2)).sample
            noise_pred = guided(raw, guidance, model_input.shape[1] // 2)
            out[f"stage2.noise{i}"] = torch.randn(x.shape, generator=torch.Generator().manual_seed(600 + i))
            x = sched2.step(noise_pred, t, x, generator=torch.Generator().manual_seed(600 + i)).prev_sample
            out[f"stage2.x{i}"] = x
        meta.update({"stage2.timesteps": str(sched2.timesteps.tolist()), "stage2.guidance": str(guidance),
                     "stage2.noise_level": str(level)})
    meta.update({"torch": torch.__version__, "diffusers": diffusers.__version__})
    save_file({k: v.contiguous() for k, v in out.items()}, os.path.join(OUT, "pipeline.safetensors"), metadata=meta)
    print(json.dumps(meta, indent=1), {k: float(v.sum()) for k, v in out.items() if ".x" in k})


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(1234)
    in1 = {"sample": torch.randn(2, 3, 16, 16, generator=g),
           "encoder_hidden_states": torch.randn(2, 5, 16, generator=g),
           "timestep": torch.tensor([999, 250], dtype=torch.int64)}
    in2 = {"sample": torch.randn(2, 6, 16, 16, generator=g),
           "encoder_hidden_states": torch.randn(2, 5, 16, generator=g),
           "timestep": torch.tensor([500, 20], dtype=torch.int64),
           "class_labels": torch.tensor([250, 100], dtype=torch.int64)}
    summary = {"torch": torch.__version__, "diffusers": diffusers.__version__,
               "if-tiny-I": snapshot("if-tiny-I", STAGE_I, 11, in1, fp16_variant=True),
               "if-tiny-II": snapshot("if-tiny-II", STAGE_II, 22, in2, shard="400KB"),
               "scheduler": scheduler_fixture()}
    with open(os.path.join(OUT, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True, default=str)
    pipeline_fixture()
    size = int(subprocess.check_output(["du", "-sb", OUT]).split()[0])
    print(json.dumps({k: v for k, v in summary.items() if k != "scheduler"}, indent=1, default=str))
    print(f"{OUT}: {size} bytes")
    assert size < 5_000_000, "fixtures must stay under 5 MB"


if __name__ == "__main__":
    if sys.argv[1:] == ["pipeline"]:
        pipeline_fixture()
    else:
        main()
