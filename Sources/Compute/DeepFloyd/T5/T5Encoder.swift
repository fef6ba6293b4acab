import Foundation

/// transformers' `T5EncoderModel` (v1.1) forward in fp32, as DeepFloyd IF runs it on its prompts:
///
///     x = embed(ids)                                   (no scaling)
///     per block: x += o(attention(RMSNorm(x)))          scores q·k without 1/√d_kv, plus the position bias of
///                                                       block 0 (shared by all blocks), padding keys masked
///                x += wo(gelu_tanh(wi_0 h) * wi_1 h),   h = RMSNorm(x)
///     out = RMSNorm(x)                                 (all 77 positions, padding included: IF's UNet uses them)
///
/// Weights come from an `IFWeightSource`, one tensor at a time: a memory-mapped fp16 T5-XXL (9.5 GB) is widened
/// layer by layer into two recycled buffers, so only one block's largest matrices ever exist as Float. All
/// prompts of one call go through each layer together, so the weights are read once per call, not per prompt.
public struct T5Encoder: Sendable {
    public let config: T5EncoderConfig
    public let weights: any IFWeightSource
    /// The stored name of the embedding (`shared.weight` or its tied copy `encoder.embed_tokens.weight`).
    let embeddingName: String

    /// Checks every tensor `config` implies is present with its shape, naming `configFile` in errors.
    public init(config: T5EncoderConfig, weights: any IFWeightSource, configFile: String = "text_encoder/config.json") throws {
        var embedding = "shared.weight"
        for (name, shape) in config.tensorShapes {
            var stored = name
            if name == "shared.weight", weights.shape(of: name) == nil { stored = "encoder.embed_tokens.weight"; embedding = stored }
            guard let actual = weights.shape(of: stored) else {
                throw T5Error.missingTensor(name: name == "shared.weight" ? "shared.weight' (or 'encoder.embed_tokens.weight" : name,
                                            source: weights.origin, config: configFile)
            }
            guard actual == shape else {
                throw T5Error.wrongShape(name: stored, source: weights.origin, expected: shape, actual: actual, config: configFile)
            }
        }
        self.config = config
        self.weights = weights
        embeddingName = embedding
    }

    /// `[encodings.count, 77, d_model]`: one `last_hidden_state` per prompt.
    public func encode(_ encodings: [T5Tokenizer.Encoding]) throws -> Tensor {
        let b = encodings.count, l = encodings.first?.ids.count ?? 0
        guard b > 0, l > 0, encodings.allSatisfy({ $0.ids.count == l && $0.mask.count == l }) else {
            throw IFError.badInput(what: "T5 encoder input", reason: "\(b) prompts of lengths \(encodings.map(\.ids.count)); expected equal, non-empty")
        }
        let d = config.dModel
        let ids = encodings.flatMap(\.ids)
        if let bad = ids.first(where: { !(0..<config.vocabSize).contains($0) }) {
            throw IFError.badInput(what: "T5 encoder input", reason: "token id \(bad) outside the vocabulary of \(config.vocabSize)")
        }
        let layers = T5Layers(source: weights)
        var x = try weights.rows(embeddingName, ids)
        x.shape = [b * l, d]
        let bias = try positionBias(length: l, layers)
        let keep = encodings.map { $0.mask.map { $0 != 0 } }
        for block in 0..<config.layers {
            let p = "encoder.block.\(block).layer."
            let h = try layers.rmsNorm(p + "0.layer_norm.weight", x, eps: config.epsilon)
            let q = try layers.project(p + "0.SelfAttention.q.weight", h)
            let k = try layers.project(p + "0.SelfAttention.k.weight", h)
            let v = try layers.project(p + "0.SelfAttention.v.weight", h)
            let a = T5Attention.forward(q: q, k: k, v: v, batch: b, length: l, heads: config.heads, dKV: config.dKV,
                                        bias: bias, keep: keep)
            x.add(try layers.project(p + "0.SelfAttention.o.weight", a))
            let h2 = try layers.rmsNorm(p + "1.layer_norm.weight", x, eps: config.epsilon)
            var gate = try layers.project(p + "1.DenseReluDense.wi_0.weight", h2)
            let lin = try layers.project(p + "1.DenseReluDense.wi_1.weight", h2)
            gate.gatedGELU(lin)
            x.add(try layers.project(p + "1.DenseReluDense.wo.weight", gate))
        }
        var out = try layers.rmsNorm("encoder.final_layer_norm.weight", x, eps: config.epsilon)
        out.shape = [b, l, d]
        return out
    }

    /// `[heads, l, l]`: block 0's learned bias of bucket(key − query) for each head.
    func positionBias(length l: Int, _ layers: T5Layers) throws -> [Float] {
        let table = try layers.source.tensor("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight")
        let h = config.heads
        var bias = [Float](repeating: 0, count: h * l * l)
        for i in 0..<l {
            for j in 0..<l {
                let bucket = Self.bucket(j - i, buckets: config.buckets, maxDistance: config.maxDistance)
                for head in 0..<h { bias[(head * l + i) * l + j] = table.data[bucket * h + head] }
            }
        }
        return bias
    }

    /// transformers' `_relative_position_bucket(bidirectional=True)`: half the buckets per sign (key after query
    /// adds `buckets/2`), |rel| below a quarter of the buckets exact, beyond it log-spaced up to `maxDistance`. The
    /// logarithm is taken in Float as torch does, so positions on a bin edge land where they land in torch.
    static func bucket(_ rel: Int, buckets: Int, maxDistance: Int) -> Int {
        let half = buckets / 2, exact = half / 2
        let base = rel > 0 ? half : 0
        let n = abs(rel)
        if n < exact { return base + n }
        let scaled = Float(logf(Float(n) / Float(exact))) / Float(log(Double(maxDistance) / Double(exact))) * Float(half - exact)
        return base + min(exact + Int(scaled), half - 1)
    }
}

/// One encoder call's view of the weights. A projection widens its weight in blocks of output rows of about
/// 8 MB, each right before the block's sgemm on the same thread: the widened block is still in cache when it is
/// multiplied, so a weight costs one read of its stored bytes (2 per fp16 value) instead of a full-size Float
/// copy written and read back by both threads; with T5-XXL's 77 rows per prompt that traffic was the bottleneck.
/// Blocks are fixed by the shape, not the thread count, and each output column is one sgemm's, so results do not
/// depend on threading.
struct T5Layers {
    let source: any IFWeightSource
    /// 8 MB of Float: in the last-level cache, and few enough blocks that sgemm's repacking of the 77-row input
    /// per call stays small (2 MB blocks were no faster on this machine; timings there were within noise).
    static let blockFloats = 1 << 21

    /// `x W^T` for the bias-free weight `name` `[out, in]`.
    func project(_ name: String, _ x: Tensor) throws -> Tensor {
        guard let shape = source.shape(of: name), shape.count == 2 else { throw IFError.missingTensor(name: name, source: source.origin) }
        let (dout, din) = (shape[0], shape[1])
        precondition(x.shape.last == din, "T5Layers.project: input \(x.shape) for weight \(shape)")
        let rows = x.count / din
        let block = max(1, min(dout, Self.blockFloats / din))
        let blocks = (dout + block - 1) / block
        var y = Tensor(uninitialized: Array(x.shape.dropLast()) + [dout])
        let failure = T5FirstError()
        x.withPointer { xp in y.withMutablePointer { yp in
            parallelRanges(blocks, costPerItem: 1 << 20) { range in
                var buffer = [Float](unsafeUninitializedCapacity: block * din) { _, n in n = block * din }
                buffer.withUnsafeMutableBufferPointer { bp in
                    let w = bp.baseAddress!
                    for b in range {
                        let r0 = b * block, r1 = min(dout, r0 + block)
                        do { try source.widenRows(name, r0 ..< r1, into: w) } catch { failure.record(error); return }
                        sgemm(transB: true, m: rows, n: r1 - r0, k: din, a: xp, lda: din, b: w, ldb: din, beta: 0, c: yp + r0, ldc: dout)
                    }
                }
            }
        }}
        if let error = failure.error { throw error }
        return y
    }

    /// T5's RMS norm over the last axis: `x / sqrt(mean(x²) + eps) * w` (sum of squares in Double).
    func rmsNorm(_ name: String, _ x: Tensor, eps: Float) throws -> Tensor {
        let weight = try source.tensor(name)
        let d = weight.count, rows = x.count / d
        var y = Tensor(uninitialized: x.shape)
        x.withPointer { xp in weight.withPointer { wp in y.withMutablePointer { yp in
            parallelRanges(rows, costPerItem: d) { range in
                for r in range {
                    let row = xp + r * d, out = yp + r * d
                    var sum: Double = 0
                    for i in 0..<d { sum += Double(row[i]) * Double(row[i]) }
                    let scale = Float(1 / (sum / Double(d) + Double(eps)).squareRoot())
                    for i in 0..<d { out[i] = wp[i] * (row[i] * scale) }
                }
            }
        }}}
        return y
    }
}

/// The first error thrown inside a parallel loop (whose body cannot throw).
final class T5FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    func record(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

extension Tensor {
    /// `self += other`, element-wise (same count).
    mutating func add(_ other: Tensor) {
        let n = count
        other.withPointer { op in withMutablePointer { p in
            parallelRanges(n, costPerItem: 1) { r in for i in r { p[i] += op[i] } }
        }}
    }

    /// `self = gelu_new(self) * linear`: the tanh approximation `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
    mutating func gatedGELU(_ linear: Tensor) {
        let n = count
        let c = Float((2 / Double.pi).squareRoot())
        linear.withPointer { lp in withMutablePointer { p in
            parallelRanges(n, costPerItem: 20) { r in
                for i in r {
                    let x = p[i]
                    p[i] = 0.5 * x * (1 + tanhf(c * (x + 0.044715 * x * x * x))) * lp[i]
                }
            }
        }}
    }
}
