import ArgumentParser
import Compute
import Foundation
import SiteGen

/// Tools for the native DeepFloyd IF engine: compare it with diffusers on a user's own weights, and time it.
struct DeepFloydCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deepfloyd",
        abstract: "Sample with, run or benchmark the native DeepFloyd IF engine.",
        subcommands: [Sample.self, Encode.self, RunUNet.self, BenchUNet.self]
    )

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract: "Text to image with your IF snapshots: stage I (64 px) and optionally stage II (256 px); writes a PNG.",
            discussion: """
            Stage I runs as diffusers' IFPipeline (leading timesteps, classifier-free guidance against the "" prompt, \
            dynamic thresholding); with --stage2-dir the result is upsampled as IFSuperResolutionPipeline does \
            (bilinear upscale, noise level 250, guidance 4). The prompt's T5 embedding comes from --prompts when that \
            file holds it, else the snapshot's text_encoder/ and tokenizer/ encode it natively (cached in the user \
            cache's t5-embeddings/). The noise comes from --seed and a stream named after the prompt and step count, the same \
            stream as the site's a.setup figure, so equal settings reproduce its images. --output-64 also writes \
            the stage I image when stage II runs. Real weights take minutes per image on a CPU.

            Example:
              sitegen deepfloyd sample --model-dir ~/hf/IF-I-L-v1.0 --stage2-dir ~/hf/IF-II-L-v1.0 \
                --prompts prompt_embeds.safetensors --prompt "a rocket ship" --steps 20 --seed 180 --output rocket.png
            """
        )

        @Option(help: "Stage I snapshot folder (with unet/config.json).")
        var modelDir: String

        @Option(help: "Stage II snapshot folder; upsamples the stage I image when given.")
        var stage2Dir: String?

        @Option(help: "Prompt embeddings (safetensors, prompt -> [1,77,D]; see tools/convert_prompt_embeds.py); optional when the snapshot has text_encoder/ and tokenizer/.")
        var prompts: String?

        @Option(help: "The prompt (any text when the snapshot has its T5 encoder, else a name in --prompts).")
        var prompt: String

        @Option(help: "Stage I denoising steps.")
        var steps = 20

        @Option(help: "Stage II denoising steps (the course notebook's upsample uses 30).")
        var stage2Steps = 30

        @Option(help: "Seed of the random streams.")
        var seed: UInt64 = IFTextToImage.siteSeed

        @Option(help: "Stage I guidance scale (diffusers' default 7).")
        var guidance: Float = 7

        @Option(help: "Stage II guidance scale (diffusers' default 4).")
        var stage2Guidance: Float = 4

        @Option(help: "Weights variant infix, e.g. fp16 (default: fp32 weights if present, else the variant found).")
        var variant: String?

        @Option(help: "Output PNG (the final image).")
        var output: String

        @Option(name: .customLong("output-64"), help: "Also write the stage I image here when stage II runs.")
        var output64: String?

        func run() async throws {
            try await reportingErrors {
                guard steps >= 1, stage2Steps >= 1 else { throw ValidationError("--steps and --stage2-steps must be at least 1") }
                Compute.configureThreads(2)
                let options = DeepFloydOptions(modelDir: modelDir, stage2Dir: stage2Dir, promptsFile: prompts)
                var engine = try IFTextToImage(options: options, variant: variant)
                engine.stageI.guidanceScale = guidance
                engine.stageII?.guidanceScale = stage2Guidance
                let start = Date()
                let r = try engine.run(prompt: prompt, steps: steps, stage2Steps: stage2Steps, seed: seed) {
                    FileHandle.standardError.write(Data(String(format: "[%6.1f s] %@\n", Date().timeIntervalSince(start), $0).utf8))
                }
                try Data(try IFTextToImage.png(r.high ?? r.low)).write(to: URL(fileURLWithPath: output))
                if let output64, r.high != nil { try Data(try IFTextToImage.png(r.low)).write(to: URL(fileURLWithPath: output64)) }
                FileHandle.standardError.write(Data("wrote \(output) (\((r.high ?? r.low).shape[3]) px, seed \(seed))\n".utf8))
            }
        }
    }

    struct Encode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encode",
            abstract: "T5-encode prompts natively with the snapshot's text_encoder/ and tokenizer/; writes safetensors.",
            discussion: """
            Prepares and tokenizes each --prompt as IFPipeline.encode_prompt does without caption cleaning \
            (lower().strip(), padding and truncation to 77 tokens) and runs T5EncoderModel in fp32 on the snapshot's \
            weights (F32, F16 or BF16, one file or shards; widened one tensor at a time). The output holds one \
            [1, 77, d_model] tensor per prompt, named by the prompt as given, so it can be compared with \
            transformers and used as --prompts. The token ids go to stderr.

            Example:
              sitegen deepfloyd encode --model-dir ~/hf/IF-I-XL-v1.0 --variant fp16 --prompt "a pencil" --prompt "" --output pencil.safetensors
            """
        )

        @Option(help: "Snapshot folder holding text_encoder/ and tokenizer/.")
        var modelDir: String

        @Option(help: "Weights variant infix, e.g. fp16 (default: fp32 weights if present, else the variant found).")
        var variant: String?

        @Option(help: "A prompt to encode (repeat for several; all go through the encoder together).")
        var prompt: [String] = []

        @Option(help: "Output safetensors file.")
        var output: String

        func run() async throws {
            try await reportingErrors {
                guard !prompt.isEmpty else { throw ValidationError("give at least one --prompt (\"\" is the unconditional one)") }
                Compute.configureThreads(2)
                let start = Date()
                let encoder = try T5TextEncoder.open(modelDir: modelDir, variant: variant)
                for p in prompt {
                    let e = encoder.tokenizer.encode(p)
                    let used = e.mask.reduce(0, +)
                    FileHandle.standardError.write(Data("\"\(p)\": \(used) tokens: \(e.ids.prefix(used).map(String.init).joined(separator: " "))\n".utf8))
                }
                let out = try encoder.encode(prompt)
                var seen = Set<String>()
                let named = zip(prompt, out).filter { seen.insert($0.0).inserted }.map { (name: $0.0, tensor: Tensor(shape: [1] + $0.1.shape, data: $0.1.data)) }
                try SafeTensors.write(named, metadata: ["encoder": T5TextEncoder.identity(modelDir: modelDir)], to: output)
                let dtypes = (encoder.encoder.weights as? IFSnapshotWeights)?.dtypes.joined(separator: "+") ?? "?"
                FileHandle.standardError.write(Data(String(format: "encoded %d prompts in %.2f s (%@ weights); wrote %@\n",
                                                           prompt.count, Date().timeIntervalSince(start), dtypes, output).utf8))
            }
        }
    }

    struct RunUNet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-unet",
            abstract: "One UNet forward on tensors from a safetensors file; writes the output (and intermediates).",
            discussion: """
            Reads `sample` [B,C,H,W], `timestep` [B] (or [1]), `encoder_hidden_states` [B,L,D] and, for stage II, \
            `class_labels` [B] (the noise level) from --input; writes `out` (and with --intermediates the \
            `act.<module>` activations named as diffusers' modules) to --output, to compare with diffusers on your \
            own weights. --model-dir is the Hugging Face snapshot folder (holding unet/) or the unet folder.

            Example:
              sitegen deepfloyd run-unet --model-dir ~/hf/IF-I-L-v1.0 --variant fp16 --input in.safetensors --output out.safetensors
            """
        )

        @Option(help: "Snapshot folder (with unet/config.json) or the unet folder itself.")
        var modelDir: String

        @Option(help: "Weights variant infix, e.g. fp16 (default: fp32 weights if present, else the variant found).")
        var variant: String?

        @Option(help: "Input safetensors file.")
        var input: String

        @Option(help: "Output safetensors file.")
        var output: String

        @Flag(help: "Also write the named intermediate activations.")
        var intermediates = false

        func run() async throws {
            try await reportingErrors {
                Compute.configureThreads(2)
                let snapshot = try IFSnapshot.open(modelDir: modelDir, variant: variant)
                let unet = try IFUNet(snapshot: snapshot)
                let io = try SafeTensors.read(path: input)
                var written: [(name: String, tensor: Tensor)] = []
                let start = Date()
                let out = try unet.forward(sample: io.tensor("sample"), timesteps: io.tensor("timestep").data,
                                           text: io.tensor("encoder_hidden_states"), classLabels: io["class_labels"]?.data,
                                           record: intermediates ? { written.append(($0, $1)) } : nil)
                let seconds = Date().timeIntervalSince(start)
                written.append(("out", out))
                try SafeTensors.write(written, to: output)
                FileHandle.standardError.write(Data(String(format: "forward %.2f s (%@ weights); wrote %d tensors to %@\n",
                                                           seconds, snapshot.weights.dtypes.joined(separator: "+"),
                                                           written.count, output).utf8))
            }
        }
    }

    struct BenchUNet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Time one forward of an IF-I-L-sized UNet (or, with --encoder, T5-XXL) with random fp16 weights.",
            discussion: """
            Random weights are generated by sitegen (no download), kept as fp16 in memory and widened per layer, as \
            with a real fp16 snapshot. Prints seconds per forward, GFLOP/s and peak resident memory (VmHWM). \
            PyTorch 2.13 CPU reference on the project machine: 36-39 s per forward at the defaults (~2 GB).

            --encoder times the T5 v1.1 text encoder instead, T5-XXL's shape by default (4.76 B parameters, 9.5 GB \
            of fp16 weights in memory: heavy), --prompts prompts per call, --layers blocks (24 in XXL); compare with \
            tools/bench_t5_torch.py run right after with the same --layers and --prompts.

            Examples:
              sitegen deepfloyd bench --batch 2 --size 64
              sitegen deepfloyd bench --encoder --prompts 1 --repeats 2
            """
        )

        @Option(help: "Images per forward (2 = one classifier-free-guidance step).")
        var batch = 2

        @Option(help: "Image height = width.")
        var size = 64

        @Option(help: "Forwards to time.")
        var repeats = 1

        @Option(help: "block_out_channels, comma-separated (IF-I-L guess by default).")
        var channels = "320,640,960,1280"

        @Flag(help: "Print one JSON object.")
        var json = false

        @Flag(help: "Time the T5 text encoder (T5-XXL shape) instead of the UNet.")
        var encoder = false

        @Option(help: "With --encoder: T5 blocks (XXL has 24).")
        var layers = 24

        @Option(help: "With --encoder: prompts per call (all go through each layer together).")
        var prompts = 1

        func run() async throws {
            try await reportingErrors {
                Compute.configureThreads(2)
                if encoder { return try runEncoder() }
                let widths = channels.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !widths.isEmpty, widths.allSatisfy({ $0 > 0 && $0 % 64 == 0 }) else {
                    throw ValidationError("--channels \(channels): expected positive multiples of 64, e.g. 320,640,960,1280")
                }
                let config = try IFBenchmark.stageIConfig(blockOutChannels: widths, crossAttentionDim: 4 * widths[0])
                let r = try IFBenchmark.run(config: config, batch: batch, size: size, repeats: repeats) {
                    FileHandle.standardError.write(Data("\($0)\n".utf8))
                }
                let best = r.secondsPerForward.min() ?? 0
                let rss = r.peakResidentBytes.map { Double($0) / Double(1 << 30) } ?? 0
                if json {
                    let object: [String: Any] = ["seconds": r.secondsPerForward, "gflop": r.flops / 1e9,
                                                 "gflops_per_s": r.gflopsPerSecond, "peak_rss_gib": rss,
                                                 "params": r.parameterCount, "batch": batch, "size": size]
                    print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
                } else {
                    print(String(format: "IF UNet %@ (%.1f M params), batch %d at %dx%d: %.2f s per forward, %.1f GFLOP, %.1f GFLOP/s, peak RSS %.2f GiB",
                                 channels, Double(r.parameterCount) / 1e6, batch, size, size, best, r.flops / 1e9,
                                 r.gflopsPerSecond, rss))
                }
            }
        }

        func runEncoder() throws {
            guard layers >= 1, prompts >= 1, repeats >= 1 else { throw ValidationError("--layers, --prompts and --repeats must be at least 1") }
            var config = T5EncoderConfig.xxl
            config.layers = layers
            let r = try T5Benchmark.run(config: config, prompts: prompts, repeats: repeats) {
                FileHandle.standardError.write(Data("\($0)\n".utf8))
            }
            let rss = r.peakResidentBytes.map { Double($0) / Double(1 << 30) } ?? 0
            let fp16 = Double(r.parameterCount * 2) / Double(1 << 30)
            if json {
                let object: [String: Any] = ["seconds": r.secondsPerCall, "seconds_per_prompt": r.secondsPerPrompt, "prompts": prompts,
                                             "layers": layers, "params": r.parameterCount, "peak_rss_gib": rss, "fp16_weights_gib": fp16]
                print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            } else {
                print("T5 encoder, XXL shape with \(layers) blocks (" + String(format: "%.2f B params, %.2f GiB fp16", Double(r.parameterCount) / 1e9, fp16)
                      + "), \(prompts) prompt(s) per call: " + String(format: "%.2f s per call, %.2f s per prompt, peak RSS %.2f GiB (fp16 weights + %.2f GiB)",
                                                                       r.secondsPerCall.min() ?? 0, r.secondsPerPrompt, rss, rss - fp16))
            }
        }
    }
}
