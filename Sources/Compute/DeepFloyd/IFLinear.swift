/// `y = x W^T + b` for x `[rows, in]` (any leading shape), W `[out, in]`: one sgemm, rows split over the workers
/// when the product is big enough to pay for the split.
enum IFLinear {
    static func forward(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let din = weight.shape[1], dout = weight.shape[0]
        precondition(x.shape.last == din, "IFLinear: input \(x.shape) for weight \(weight.shape)")
        let rows = x.count / din
        var y = Tensor(uninitialized: Array(x.shape.dropLast()) + [dout])
        x.withPointer { xp in weight.withPointer { wp in y.withMutablePointer { yp in
            bias.withOptionalPointer { bp in
                let parts = rows >= 64 && rows * din * dout >= 1 << 22 ? computeThreads : 1
                parallelRanges(parts, costPerItem: 1 << 20) { chunk in
                    for part in chunk {
                        let r0 = rows * part / parts, r1 = rows * (part + 1) / parts
                        guard r1 > r0 else { continue }
                        if let bp { for r in r0..<r1 { (yp + r * dout).update(from: bp, count: dout) } }
                        sgemm(transB: true, m: r1 - r0, n: dout, k: din, a: xp + r0 * din, lda: din, b: wp, ldb: din,
                              beta: bp == nil ? 0 : 1, c: yp + r0 * dout, ldc: dout)
                    }
                }
            }
        }}}
        return y
    }
}

/// A UNet layer's view of the weights: fetches (and widens) a layer's tensors by prefix while it runs.
/// Weights are widened into buffers recycled from earlier layers (`IFBufferPool`) and handed back after use.
struct IFLayers {
    let source: IFWeightSource
    let config: IFUNetConfig
    let pool = IFBufferPool()

    func w(_ name: String) throws -> Tensor {
        var buffer = pool.take(atLeast: source.shape(of: name)?.reduce(1, *) ?? 0)
        return try source.tensor(name, reusing: &buffer)
    }

    /// Runs `body` with the layer's weight and bias, then recycles their memory.
    private func withLayer<R>(_ prefix: String, _ body: (Tensor, Tensor) throws -> R) throws -> R {
        let weight = try w("\(prefix).weight"), bias = try w("\(prefix).bias")
        defer { pool.give(weight.data); pool.give(bias.data) }
        return try body(weight, bias)
    }

    func linear(_ prefix: String, _ x: Tensor) throws -> Tensor {
        try withLayer(prefix) { IFLinear.forward(x, weight: $0, bias: $1) }
    }

    func conv(_ prefix: String, _ x: Tensor) throws -> Tensor {
        try withLayer(prefix) { Conv2d.forward(x, weight: $0, bias: $1, stride: 1, padding: $0.shape[2] / 2) }
    }

    func groupNorm(_ prefix: String, _ x: Tensor, groups: Int, eps: Float, activation: IFActivation? = nil) throws -> Tensor {
        try withLayer(prefix) { IFGroupNorm.forward(x, groups: groups, eps: eps, weight: $0, bias: $1, activation: activation) }
    }

    func layerNorm(_ prefix: String, _ x: Tensor) throws -> Tensor {
        try withLayer(prefix) { IFLayerNorm.forward(x, weight: $0, bias: $1) }
    }
}

/// A few Float buffers handed from one layer's weights to the next, so widening a 100 MB conv weight writes into
/// memory already mapped instead of page-faulting fresh pages every layer (a whole model's worth per forward).
final class IFBufferPool {
    private var free: [[Float]] = []
    private let keep = 4

    /// Small tensors come from the ordinary heap, which already reuses memory.
    private let smallest = 1 << 18

    /// The smallest free buffer holding `count` floats (contents garbage), or an empty array.
    func take(atLeast count: Int) -> [Float] {
        guard count >= smallest else { return [] }
        let fitting = free.indices.filter { free[$0].capacity >= count }
        guard let i = fitting.min(by: { free[$0].capacity < free[$1].capacity }) else { return [] }
        return free.remove(at: i)
    }

    func give(_ buffer: [Float]) {
        guard buffer.capacity >= smallest else { return }
        free.append(buffer)
        if free.count > keep, let i = free.indices.min(by: { free[$0].capacity < free[$1].capacity }) {
            free.remove(at: i)
        }
    }
}
