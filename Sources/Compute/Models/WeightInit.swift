/// Uniform random numbers in [0, 1), `count` at a time. Injected so that weight initialisation is
/// reproducible from whatever seeded generator the caller owns (the data pipeline's Philox, a test's SplitMix64).
public typealias UniformSource = (_ count: Int) -> [Float]

/// PyTorch's default init for Conv/ConvTranspose/Linear: kaiming_uniform_(a: sqrt 5) on the weight, which is
/// U(-1/sqrt(fanIn), 1/sqrt(fanIn)), and the same bound for the bias. fanIn is weight.size(1) * kernel area,
/// i.e. in_channels for Conv2d/Linear but OUT_channels for ConvTranspose2d (PyTorch's layout quirk, kept).
enum WeightInit {
    static func uniform(shape: [Int], bound: Float, from source: UniformSource) -> Tensor {
        let count = shape.reduce(1, *)
        let u = source(count)
        precondition(u.count == count, "UniformSource returned \(u.count) values, \(count) requested")
        return Tensor(shape: shape, data: u.map { (2 * $0 - 1) * bound })
    }

    static func fanIn(weightShape s: [Int]) -> Int {
        s.count > 1 ? s[1] * s.dropFirst(2).reduce(1, *) : s[0]
    }

    static func bound(weightShape s: [Int]) -> Float {
        1 / Float(fanIn(weightShape: s)).squareRoot()
    }
}
