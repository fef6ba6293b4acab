#!/usr/bin/env python3
"""The transformers side of `sitegen deepfloyd bench --encoder`: T5EncoderModel at T5-XXL's shape (d_model 4096,
d_ff 10240, 64 heads of 64, vocab 32128, gated-gelu) with random weights, on torch CPU, timing the same inputs as
sitegen's benchmark (prompts of 12 tokens + </s>, padded to 77, attention mask given). Prints one JSON line:
seconds per call, per prompt, and peak resident memory. Run by hand right after the sitegen benchmark, with the same
--layers and --prompts, on the same machine. Never run by tests; writes nothing.

fp32 is what IF's pipeline computes T5 in on a CPU; XXL in fp32 needs 19 GB of weights, so on a 24 GB machine
shared with other work compare at fewer blocks (--layers 8: 6.7 GB; the time per block does not depend on depth).
--dtype bfloat16 / float16 keep 9.5 GB of weights and compute in that type (not what sitegen does).

  /work/torch-ref/bin/python tools/bench_t5_torch.py --layers 8 --prompts 1 --repeats 2
"""
import argparse
import json
import resource
import time

import torch
from transformers import T5Config, T5EncoderModel


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=24)
    ap.add_argument("--prompts", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dtype", default="float32", choices=["float32", "bfloat16", "float16"])
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    config = T5Config(vocab_size=32128, d_model=4096, d_kv=64, num_heads=64, d_ff=10240, num_layers=args.layers,
                      relative_attention_num_buckets=32, relative_attention_max_distance=128,
                      feed_forward_proj="gated-gelu", layer_norm_epsilon=1e-6, dropout_rate=0.0)
    t0 = time.time()
    torch.set_default_dtype(dtype)
    with torch.device("meta"):
        model = T5EncoderModel(config)
    model = model.to_empty(device="cpu")
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2 and "shared" not in name and "relative_attention_bias" not in name:
                bound = (3.0 / p.shape[1]) ** 0.5
            elif p.dim() == 2:
                bound = 1.0
            else:
                p.fill_(1.0)
                continue
            p.uniform_(-bound, bound, generator=g)
    model.eval()
    build = time.time() - t0
    params = sum(p.numel() for n, p in model.named_parameters() if n != "encoder.embed_tokens.weight")
    n = 12
    ids = torch.zeros(args.prompts, 77, dtype=torch.long)
    mask = torch.zeros(args.prompts, 77, dtype=torch.long)
    for p in range(args.prompts):
        ids[p, :n] = torch.tensor([3 + (p * 7919 + i * 104729) % (32128 - 3) for i in range(n)])
        ids[p, n] = 1
        mask[p, : n + 1] = 1
    times = []
    with torch.inference_mode():
        for _ in range(args.repeats):
            t = time.time()
            out = model(input_ids=ids, attention_mask=mask).last_hidden_state
            times.append(time.time() - t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 2**30
    print(json.dumps({"torch": torch.__version__, "dtype": args.dtype, "layers": args.layers, "prompts": args.prompts,
                      "threads": args.threads, "params": params, "build_seconds": round(build, 1),
                      "seconds": [round(x, 3) for x in times], "seconds_per_prompt": round(min(times) / args.prompts, 3),
                      "peak_rss_gib": round(rss, 2), "finite": bool(torch.isfinite(out).all())}))


if __name__ == "__main__":
    main()
