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
