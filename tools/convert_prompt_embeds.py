#!/usr/bin/env python3
"""Convert the course's prompt_embeds_dict.pth into the safetensors file `sitegen build --backend deepfloyd` reads.

Run by hand (never by tests), in any Python with torch and safetensors:

    pip install torch safetensors
    curl -LO https://cal-cs180.github.io/fa24/hw/proj5/prompt_embeds_dict.pth
    python tools/convert_prompt_embeds.py prompt_embeds_dict.pth prompt_embeds.safetensors

The .pth is a dict prompt string -> tensor [1, 77, 4096] (fp16). Each becomes one tensor named by its prompt
(the empty prompt "" is CFG's unconditional embedding and must be present). Dtypes are kept (fp16 stays fp16;
sitegen widens F16/BF16/F32 on load). Your own prompts: encode them with the IF T5 encoder
(`text_pipe.encode_prompt`) into the same dict and convert it the same way.
"""
import sys

import torch
from safetensors.torch import save_file


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = sys.argv[1], sys.argv[2]
    embeds = torch.load(source, map_location="cpu")
    if not isinstance(embeds, dict):
        print(f"{source}: expected a dict prompt -> tensor, got {type(embeds).__name__}", file=sys.stderr)
        return 1
    tensors = {}
    for prompt in sorted(embeds):
        tensor = embeds[prompt]
        if not isinstance(prompt, str) or not torch.is_tensor(tensor) or tensor.dim() not in (2, 3):
            print(f"{source}: entry {prompt!r} is not a prompt -> [1, 77, D] tensor", file=sys.stderr)
            return 1
        tensors[prompt] = tensor.detach().contiguous()
    if "" not in tensors:
        print(f"{source}: no empty prompt '' (the unconditional embedding)", file=sys.stderr)
        return 1
    save_file(tensors, target)
    print(f"wrote {target}: {len(tensors)} prompts: {sorted(tensors)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
