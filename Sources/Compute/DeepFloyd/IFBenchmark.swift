import Foundation

/// Times one UNet forward of an IF-shaped model with random weights generated here (no download), stored as fp16
/// in memory and widened per layer as a real fp16 snapshot is, so time and peak memory are what a user would see.
public enum IFBenchmark {
    public struct Result: Sendable {
        public var secondsPerForward: [Double]
        public var flops: Double
        public var peakResidentBytes: Int?
        public var parameterCount: Int
        public var gflopsPerSecond: Double { flops / (secondsPerForward.min() ?? .infinity) / 1e9 }
    }

    /// The stage I config of IF-I-L as the notes guess it (block_out_channels 320/640/960/1280, 3 layers per block,
    /// 64-wide heads, cross-attention 1280, T5-XXL 4096-wide text), built through the same parser as a snapshot's.
    public static func stageIConfig(blockOutChannels: [Int] = [320, 640, 960, 1280], layersPerBlock: Int = 3,
                                    crossAttentionDim: Int = 1280, textDim: Int = 4096) throws -> IFUNetConfig {
        let n = blockOutChannels.count
        let json: [String: Any] = [
            "act_fn": "gelu", "addition_embed_type": "text", "addition_embed_type_num_heads": 64,
            "attention_head_dim": 64, "block_out_channels": blockOutChannels, "cross_attention_dim": crossAttentionDim,
            "cross_attention_norm": "group_norm", "encoder_hid_dim": textDim, "encoder_hid_dim_type": "text_proj",
            "down_block_types": ["ResnetDownsampleBlock2D"] + Array(repeating: "SimpleCrossAttnDownBlock2D", count: n - 1),
            "up_block_types": Array(repeating: "SimpleCrossAttnUpBlock2D", count: n - 1) + ["ResnetUpsampleBlock2D"],
            "mid_block_type": "UNetMidBlock2DSimpleCrossAttn", "in_channels": 3, "out_channels": 6,
            "layers_per_block": layersPerBlock, "norm_num_groups": 32, "norm_eps": 1e-5,
            "resnet_time_scale_shift": "scale_shift", "sample_size": 64,
        ]
        return try IFUNetConfig.parse(JSONSerialization.data(withJSONObject: json), file: "IF-I-L benchmark config")
    }

    /// Random weights for `config`: linear/conv weights uniform with std 1/sqrt(fan_in), norms 1 + noise, biases small.
    public static func randomWeights(_ config: IFUNetConfig, seed: UInt64, asHalf: Bool) -> IFMemoryWeights {
        let store = IFMemoryWeights([:], asHalf: asHalf, origin: "random weights (seed \(seed))")
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        for (name, shape) in IFUNetLayout(config).expectedTensors {
            let count = shape.reduce(1, *)
            let fanIn = shape.count >= 2 ? shape.dropFirst().reduce(1, *) : 1
            let isNormWeight = shape.count == 1 && name.hasSuffix(".weight")
            let amplitude: Float = shape.count >= 2 ? Float(3.0 / Double(fanIn)).squareRoot() : 0.02
            var data = [Float](repeating: 0, count: count)
            for i in 0..<count {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                let u = Float(state >> 40) / Float(1 << 24) * 2 - 1
                data[i] = (isNormWeight ? 1 : 0) + amplitude * u
            }
            store.insert(name, Tensor(shape: shape, data: data), asHalf: asHalf)
        }
        return store
    }

    /// Builds the model, then times `repeats` forwards of `batch` images at `size` x `size` with `tokens` text tokens.
    public static func run(config: IFUNetConfig, batch: Int = 2, size: Int = 64, tokens: Int = 77, repeats: Int = 1,
                           seed: UInt64 = 1, log: (String) -> Void = { _ in }) throws -> Result {
        let weights = randomWeights(config, seed: seed, asHalf: true)
        let unet = try IFUNet(config: config, weights: weights)
        let params = IFUNetLayout(config).expectedTensors.reduce(0) { $0 + $1.shape.reduce(1, *) }
        log("built \(params) random fp16 parameters; peak RSS so far \(peakResidentBytes().map { "\($0 >> 20) MiB" } ?? "?")")
        var state: UInt64 = 12345
        func noise(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                return Float(state >> 40) / Float(1 << 24) * 2 - 1
            })
        }
        let x = noise([batch, config.inChannels, size, size]), text = noise([batch, tokens, config.textDim])
        let labels: [Float]? = config.classEmbedType == nil ? nil : Array(repeating: 250, count: batch)
        var times: [Double] = []
        for r in 0..<repeats {
            let start = Date()
            _ = try unet.forward(sample: x, timesteps: Array(repeating: 500, count: batch), text: text, classLabels: labels)
            times.append(Date().timeIntervalSince(start))
            log(String(format: "forward %d: %.2f s", r + 1, times.last ?? 0))
        }
        let flops = Double(batch) * IFUNetLayout(config).flops(size: size, tokens: tokens)
        return Result(secondsPerForward: times, flops: flops, peakResidentBytes: peakResidentBytes(), parameterCount: params)
    }

    /// VmHWM from /proc/self/status (Linux), in bytes.
    public static func peakResidentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            // "VmHWM:\t  948 kB", but "VmHWM:\t10145232 kB" from 10 GB on: split on tabs too
            let kb = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }.first
            return kb.map { $0 * 1024 }
        }
        return nil
    }
}
