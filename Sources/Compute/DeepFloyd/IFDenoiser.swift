/// A stage I IF UNet behind the Part A `Denoiser` protocol: conditioning is a T5 embedding `[77, 4096]` (or
/// `[1, 77, 4096]`), `.null` is the `''` prompt's embedding given at init. Epsilon is the first half of the output
/// channels, the learned-range variance value `v` the second half.
public struct IFDenoiser: Denoiser, Sendable {
    public let unet: IFUNet
    public let nullEmbedding: Tensor
    public let schedule: NoiseSchedule

    public init(unet: IFUNet, nullEmbedding: Tensor) throws {
        self.unet = unet
        self.nullEmbedding = try Self.tokens(nullEmbedding, width: unet.config.textDim, what: "null embedding")
        schedule = try IFScheduler.noiseSchedule()
    }

    public var imageSize: Int { unet.config.sampleSize ?? 64 }
    public var channels: Int { unet.config.outChannels / 2 }

    public func predict(_ x: Tensor, timesteps: [Int], conditioning: [Conditioning]) throws -> DenoiserOutput {
        let n = x.shape.first ?? 0
        guard conditioning.count == n, timesteps.count == n else {
            throw IFError.badInput(what: "predict", reason: "batch \(n) with \(timesteps.count) timesteps and \(conditioning.count) conditionings")
        }
        let texts = try conditioning.enumerated().map { i, c -> Tensor in
            switch c {
            case .null: return nullEmbedding
            case .embedding(let e): return try Self.tokens(e, width: unet.config.textDim, what: "conditioning[\(i)]")
            case .label(let l): throw IFError.badInput(what: "conditioning[\(i)]", reason: "class label \(l); IF is conditioned on text embeddings")
            }
        }
        let l = texts[0].shape[0]
        guard texts.allSatisfy({ $0.shape[0] == l }) else {
            throw IFError.badInput(what: "conditioning", reason: "embeddings of different lengths \(texts.map { $0.shape[0] })")
        }
        let text = Tensor(shape: [n, l, unet.config.textDim], data: texts.flatMap(\.data))
        let out = try unet.forward(sample: x, timesteps: timesteps.map(Float.init), text: text)
        let (c, plane) = (out.shape[1] / 2, out.shape[2] * out.shape[3])
        var eps = [Float](), v = [Float]()
        eps.reserveCapacity(n * c * plane)
        v.reserveCapacity(n * c * plane)
        let half = c * plane
        for i in 0..<n {
            let start = 2 * i * half
            eps += out.data[start ..< start + half]
            v += out.data[start + half ..< start + 2 * half]
        }
        let shape = [n, c, out.shape[2], out.shape[3]]
        return DenoiserOutput(epsilon: Tensor(shape: shape, data: eps), variance: Tensor(shape: shape, data: v))
    }

    /// `[L, D]` from `[L, D]` or `[1, L, D]`.
    static func tokens(_ e: Tensor, width: Int, what: String) throws -> Tensor {
        let s = e.shape.count == 3 && e.shape[0] == 1 ? Array(e.shape.dropFirst()) : e.shape
        guard s.count == 2, s[1] == width, s[0] >= 1 else {
            throw IFError.badInput(what: what, reason: "shape \(e.shape); expected [L, \(width)] or [1, L, \(width)]")
        }
        return Tensor(shape: s, data: e.data)
    }
}
