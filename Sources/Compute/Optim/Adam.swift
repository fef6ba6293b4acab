#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// torch.optim.Adam (no weight decay, no amsgrad), single-tensor CPU path, with the same Float operation
/// order so results agree with PyTorch to rounding:
///   m = lerp(m, g, 1 - b1);  v = v*b2 + (1 - b2)*g*g;  p += -(lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
/// State is keyed by parameter name, so it survives a save/load and matches the model by name, not position.
public final class Adam {
    public let parameters: [(name: String, parameter: Parameter)]
    /// Double, as in Python, so ExponentialLR's repeated products match PyTorch's.
    public var lr: Double
    public let beta1: Float, beta2: Float, eps: Float
    /// Number of steps taken (torch's per-parameter `step`, identical for all parameters here).
    public internal(set) var step = 0
    var expAvg: [Tensor]
    var expAvgSq: [Tensor]

    public init(_ parameters: [(name: String, parameter: Parameter)], lr: Double = 1e-3,
                betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8) {
        self.parameters = parameters
        self.lr = lr
        (beta1, beta2) = betas
        self.eps = eps
        expAvg = parameters.map { Tensor(zeros: $0.parameter.value.shape) }
        expAvgSq = expAvg
    }

    public convenience init(_ model: Module, lr: Double = 1e-3) {
        self.init(model.namedParameters(), lr: lr)
    }

    /// One update from the gradients currently in `Parameter.grad` (call `zeroGrad` yourself between steps).
    public func update() {
        step += 1
        // Python computes these scalars in double, then the tensor ops use them as float.
        let t = Double(step)
        let stepSize = Float(lr / (1 - pow(Double(beta1), t)))
        let bc2Sqrt = Float((1 - pow(Double(beta2), t)).squareRoot())
        let w1 = 1 - beta1, w2 = 1 - beta2, b2 = beta2, eps = eps
        for i in parameters.indices {
            let p = parameters[i].parameter
            let g = p.grad
            var value = p.value
            value.data.withUnsafeMutableBufferPointer { pv in
                expAvg[i].data.withUnsafeMutableBufferPointer { m in
                    expAvgSq[i].data.withUnsafeMutableBufferPointer { v in
                        g.data.withUnsafeBufferPointer { gr in
                            // Element by element, so splitting across threads keeps every value's bits.
                            parallelRanges(pv.count, costPerItem: 8) { range in
                                for j in range {
                                    m[j] = m[j] + w1 * (gr[j] - m[j])
                                    v[j] = v[j] * b2 + w2 * gr[j] * gr[j]
                                    let denom = v[j].squareRoot() / bc2Sqrt + eps
                                    pv[j] = pv[j] + (-stepSize) * m[j] / denom
                                }
                            }
                        }
                    }
                }
            }
            p.value = value
        }
    }
}
