import Foundation

/// Times the T5 encoder at a real shape (T5-XXL by default) with random weights generated here (no download),
/// stored as fp16 in memory and widened one tensor at a time as a memory-mapped fp16 snapshot is, so seconds per
/// prompt and peak resident memory are what a user's `text_encoder/model.fp16*.safetensors` gives.
public enum T5Benchmark {
    public struct Result: Sendable {
        /// Wall seconds of each timed call (each call encodes `prompts` prompts in one pass).
        public var secondsPerCall: [Double]
        public var prompts: Int
        public var parameterCount: Int
        public var peakResidentBytes: Int?
        public var secondsPerPrompt: Double { (secondsPerCall.min() ?? .infinity) / Double(max(prompts, 1)) }
    }

    /// Matrices uniform with std 1/sqrt(fan-in), the embedding and position bias uniform in ±1, norms 1 + noise:
    /// finite, non-denormal values of a trained model's scale (the arithmetic is the same for any values).
    public static func randomWeights(_ config: T5EncoderConfig, seed: UInt64) -> IFMemoryWeights {
        let store = IFMemoryWeights([:], asHalf: true, origin: "random T5 weights (seed \(seed))")
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        for (name, shape) in config.tensorShapes {
            let count = shape.reduce(1, *)
            let matrix = shape.count == 2 && !name.hasPrefix("shared") && !name.contains("relative_attention_bias")
            let amplitude: Float = matrix ? Float(3.0 / Double(shape[1])).squareRoot() : (shape.count == 2 ? 1 : 0.02)
            let offset: Float = shape.count == 1 ? 1 : 0
            var data = [Float](repeating: 0, count: count)
            for i in 0..<count {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                data[i] = offset + amplitude * (Float(state >> 40) / Float(1 << 24) * 2 - 1)
            }
            store.insert(name, Tensor(shape: shape, data: data), asHalf: true)
        }
        return store
    }

    /// Builds the encoder, then times `repeats` calls that each encode `prompts` prompts of `tokens` real tokens
    /// (the rest of the 77 positions padding, which the encoder computes all the same).
    public static func run(config: T5EncoderConfig, prompts: Int = 1, tokens: Int = 12, repeats: Int = 2, seed: UInt64 = 1,
                           log: (String) -> Void = { _ in }) throws -> Result {
        let start = Date()
        let encoder = try T5Encoder(config: config, weights: randomWeights(config, seed: seed), configFile: "T5 benchmark config")
        log("built \(config.parameterCount) random fp16 parameters in " + String(format: "%.1f", Date().timeIntervalSince(start))
            + " s; peak RSS so far " + (IFBenchmark.peakResidentBytes().map { "\($0 >> 20) MiB" } ?? "?"))
        let n = min(max(tokens, 1), T5Tokenizer.maxLength - 1)
        let encodings = (0..<prompts).map { p in
            T5Tokenizer.Encoding(ids: (0..<n).map { 3 + (p * 7919 + $0 * 104_729) % (config.vocabSize - 3) } + [1]
                                     + Array(repeating: 0, count: T5Tokenizer.maxLength - n - 1),
                                 mask: Array(repeating: 1, count: n + 1) + Array(repeating: 0, count: T5Tokenizer.maxLength - n - 1))
        }
        var times: [Double] = []
        for r in 0..<repeats {
            let t0 = Date()
            let out = try encoder.encode(encodings)
            times.append(Date().timeIntervalSince(t0))
            let finite = out.data.allSatisfy(\.isFinite)
            log("call \(r + 1): " + String(format: "%.2f", times.last ?? 0) + " s for \(prompts) prompts" + (finite ? "" : " (non-finite output!)"))
        }
        return Result(secondsPerCall: times, prompts: prompts, parameterCount: config.parameterCount,
                      peakResidentBytes: IFBenchmark.peakResidentBytes())
    }
}
