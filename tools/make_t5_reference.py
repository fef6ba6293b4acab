#!/usr/bin/env python3
"""Writes the T5 text-encoder parity fixture: a small SentencePiece unigram model (nmt_nfkc normalization, T5's
special ids) and a tiny random T5 v1.1 encoder (gated-GELU, RMS norm, relative position buckets) in the layout of
an IF snapshot's `tokenizer/` and `text_encoder/` folders, plus token ids and encoder outputs that transformers
computes for a list of prompts. The Swift tests in Tests/ComputeTests/DeepFloyd read these folders through the
same code path a user's snapshot takes. Run by hand only, never by tests.

Install (once):  /work/torch-ref/bin/pip install transformers sentencepiece protobuf   (torch 2.13 CPU venv)
Run from the repo root:  /work/torch-ref/bin/python tools/make_t5_reference.py

Outputs in Tests/ComputeTests/Fixtures/deepfloyd/ (~0.4 MB together; checked at the end):
  t5-tiny/tokenizer/    spiece.model (as the IF snapshots ship it: no tokenizer.json), tokenizer_config.json,
                        special_tokens_map.json
  t5-tiny/text_encoder/ config.json;
                        model.safetensors              F32, `shared.weight` only (the tied copy dropped)
                        model.fp16.safetensors         F16 with every `wo` kept F32, as transformers saves T5
                                                       (`_keep_in_fp32_modules`), and `encoder.embed_tokens.weight`
                                                       instead of `shared.weight`
                        model.bf16-0000k-of-00002.safetensors + model.safetensors.index.bf16.json   BF16, sharded
  t5-tiny.json          the prompts, as given, as prepared (lower().strip()), their 77 ids and attention masks,
                        and the relative-position bucket table torch computes for 77 positions
  t5-tiny.io.safetensors  `out.K` [77, d_model] F32 for prompt K with the F32 weights, `out_fp16.K`, `out_bf16.K`
                        with the variants' weights widened to F32 (the Swift encoder's arithmetic), all computed by
                        T5EncoderModel.from_pretrained(<folder>, variant=..., dtype=float32) on the files above
Tokenization is transformers' T5Tokenizer.from_pretrained(t5-tiny, subfolder="tokenizer") with IFPipeline's
encode_prompt settings (padding="max_length", max_length=77, truncation=True, add_special_tokens=True) on
IFPipeline._text_preprocessing's clean_caption=False text, `text.lower().strip()`.
Versions used: torch 2.13.0+cpu, transformers 5.24.0, tokenizers 0.23.3, sentencepiece 0.2.3.
"""
import json
import os
import shutil
import tempfile

import sentencepiece as spm
import tokenizers
import torch
import transformers
from safetensors.torch import save_file
from transformers import T5Config, T5EncoderModel, T5Tokenizer

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ComputeTests", "Fixtures", "deepfloyd")
ROOT = os.path.join(OUT, "t5-tiny")
MAX_LENGTH = 77

# Training text for the SentencePiece model: the seed's and the course's prompts and some plain English, with a few
# accented words so that some non-ASCII characters are pieces and others (CJK, emoji) are unknown.
CORPUS = """
a high quality photo of a rocket ship flying over the moon at night
an oil painting of an old man sitting near people around a campfire
a lithograph of a skull and a lithograph of waterfalls in the mountains
an oil painting of a snowy mountain village with a man wearing a hat
a coffee cup with a handle on a wooden table in the morning light
a classic golden bell with a curved handle hanging in a church tower
a pencil and a sheet of paper on a desk next to a window
a detailed photograph of a full moon with craters seen through a telescope
a simple round clock on black background showing ten past three
the quick brown fox jumps over the lazy dog while the cat sleeps on the warm sofa
photographs of cities, rivers, forests and deserts taken by students in the class
diffusion models turn noise into images one small step at a time
numbers such as 1, 2, 3, 10, 42 and 1999 appear in captions of old photos
a café in paris, a naïve drawing, a crème brûlée and a façade in the old town
""".strip().splitlines()

PROMPTS = [
    "",
    "a high quality photo",
    "a coffee cup with a handle",
    "a classic golden bell with a curved handle",
    "a pencil",
    "a detailed photograph of a full moon with craters",
    "a simple round clock on black background",
    "  A Rocket Ship,   flying!!  ",
    "numbers: 0 1 2 3 42 1999 3.14 -7 #1 100%",
    "caf\u00e9 na\u00efve cre\u0300me br\u00fbl\u00e9e \u00bd \ufb01sh \uff21\uff22\uff23 \u65e5\u672c\u8a9e \U0001F600 \U0001F469\u200d\U0001F469\u200d\U0001F467",
    "tabs\tand\nnew lines\u00a0and\u3000wide spaces",
    " ".join(["a very long prompt about a rocket ship flying over the moon at night"] * 8),
]


def train_tokenizer(folder):
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        text = os.path.join(tmp, "corpus.txt")
        with open(text, "w", encoding="utf-8") as f:
            f.write("\n".join(CORPUS * 4) + "\n")
        prefix = os.path.join(tmp, "spiece")
        spm.SentencePieceTrainer.train(
            input=text, model_prefix=prefix, model_type="unigram", vocab_size=160,
            normalization_rule_name="nmt_nfkc", character_coverage=1.0, num_threads=1, seed_sentencepiece_size=2000,
            pad_id=0, eos_id=1, unk_id=2, bos_id=-1, pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>",
            hard_vocab_limit=False, minloglevel=2,
        )
        shutil.copy(prefix + ".model", os.path.join(folder, "spiece.model"))
    # As in the IF snapshots: T5Tokenizer, 100 extra ids, max length 512 (the pipeline passes 77 itself).
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "T5Tokenizer", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
                   "extra_ids": 100, "model_max_length": 512}, f, indent=2, sort_keys=True)
    with open(os.path.join(folder, "special_tokens_map.json"), "w") as f:
        json.dump({"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
                   "additional_special_tokens": [f"<extra_id_{i}>" for i in range(100)]}, f, indent=2)


def build_encoder(vocab_size):
    config = T5Config(
        vocab_size=vocab_size, d_model=16, d_kv=4, num_heads=4, d_ff=24, num_layers=2, num_decoder_layers=2,
        relative_attention_num_buckets=32, relative_attention_max_distance=128, feed_forward_proj="gated-gelu",
        layer_norm_epsilon=1e-6, dropout_rate=0.0, tie_word_embeddings=False, is_encoder_decoder=True,
    )
    torch.manual_seed(20)
    model = T5EncoderModel(config)
    g = torch.Generator().manual_seed(21)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            # norms != 1; embeddings and projections large enough that attention is not uniform
            scale = 0.3 if "layer_norm" in name else 0.5
            p.copy_(p + scale * torch.randn(p.shape, generator=g))
    return model.eval()


def save_variants(model, folder):
    os.makedirs(folder, exist_ok=True)
    model.config.save_pretrained(folder)
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    embed = state.pop("encoder.embed_tokens.weight")
    assert torch.equal(embed, state["shared.weight"])
    meta = {"format": "pt"}
    save_file(state, os.path.join(folder, "model.safetensors"), metadata=meta)
    half = {(k if k != "shared.weight" else "encoder.embed_tokens.weight"): (v if k.endswith(".wo.weight") else v.half())
            for k, v in state.items()}
    save_file(half, os.path.join(folder, "model.fp16.safetensors"), metadata=meta)
    bf = {k: v.bfloat16() for k, v in state.items()}
    names = sorted(bf)
    shards = [names[: len(names) // 2], names[len(names) // 2:]]
    weight_map = {}
    for i, part in enumerate(shards):
        file = f"model.bf16-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        save_file({k: bf[k] for k in part}, os.path.join(folder, file), metadata=meta)
        weight_map.update({k: file for k in part})
    total = sum(v.numel() * v.element_size() for v in bf.values())
    with open(os.path.join(folder, "model.safetensors.index.bf16.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}, f, indent=2)


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    train_tokenizer(os.path.join(ROOT, "tokenizer"))
    pieces = spm.SentencePieceProcessor(model_file=os.path.join(ROOT, "tokenizer", "spiece.model")).get_piece_size()
    # The tokenizer as IFPipeline loads it, from spiece.model alone.
    tok = T5Tokenizer.from_pretrained(ROOT, subfolder="tokenizer")
    vocab_size = len(tok)
    assert vocab_size == pieces + 100, (vocab_size, pieces)

    model = build_encoder(vocab_size)
    save_variants(model, os.path.join(ROOT, "text_encoder"))

    prepared = [p.lower().strip() for p in PROMPTS]  # IFPipeline._text_preprocessing, clean_caption=False
    enc = tok(prepared, padding="max_length", max_length=MAX_LENGTH, truncation=True, add_special_tokens=True,
              return_attention_mask=True, return_tensors="pt")
    ids, mask = enc.input_ids, enc.attention_mask

    io = {}
    sums = {}
    for variant, key in [(None, "out"), ("fp16", "out_fp16"), ("bf16", "out_bf16")]:
        loaded = T5EncoderModel.from_pretrained(os.path.join(ROOT, "text_encoder"), variant=variant,
                                                dtype=torch.float32).eval()
        with torch.no_grad():
            out = loaded(input_ids=ids, attention_mask=mask).last_hidden_state
        for k in range(len(PROMPTS)):
            io[f"{key}.{k}"] = out[k].contiguous()
        sums[key] = float(out.double().sum())
    # fp64 run of the fp32 weights: how far fp32 itself is from exact
    with torch.no_grad():
        exact = model.double()(input_ids=ids, attention_mask=mask).last_hidden_state
    fp32_error = float((exact - torch.stack([io[f"out.{k}"] for k in range(len(PROMPTS))]).double()).abs().max())
    save_file(io, os.path.join(OUT, "t5-tiny.io.safetensors"))

    attn = model.encoder.block[0].layer[0].SelfAttention
    pos = torch.arange(MAX_LENGTH)
    buckets = attn._relative_position_bucket(pos[None, :] - pos[:, None], bidirectional=True, num_buckets=32,
                                             max_distance=128)
    record = {
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "tokenizers": tokenizers.__version__, "sentencepiece": spm.__version__},
        "pieces": pieces, "vocab_size": vocab_size, "max_length": MAX_LENGTH,
        "sums": sums, "max_abs_fp32_vs_fp64": fp32_error,
        "buckets_by_relative_position": {str(r): int(buckets[0, r]) if r >= 0 else int(buckets[-r, 0])
                                         for r in range(-(MAX_LENGTH - 1), MAX_LENGTH)},
        "prompts": [{"text": p, "prepared": q, "pieces": tok.convert_ids_to_tokens(i[m.bool()].tolist()),
                     "ids": i.tolist(), "mask": m.tolist()} for p, q, i, m in zip(PROMPTS, prepared, ids, mask)],
    }
    with open(os.path.join(OUT, "t5-tiny.json"), "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1, ensure_ascii=False)
        f.write("\n")

    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, files in os.walk(ROOT) for n in files)
    total += os.path.getsize(os.path.join(OUT, "t5-tiny.io.safetensors")) + os.path.getsize(os.path.join(OUT, "t5-tiny.json"))
    print(f"pieces {pieces}, vocab {vocab_size}, fixture bytes {total}, fp32 vs fp64 {fp32_error:.2e}, sums {sums}")
    assert total < 1_000_000, total


if __name__ == "__main__":
    main()
