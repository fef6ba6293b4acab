import Foundation

/// The UNet's nonlinearity (`act_fn`): exact-erf GELU for IF, SiLU for other diffusers UNets.
public enum IFActivation: String, Sendable {
    case gelu
    case silu

    public init(name: String) {
        self = name == "gelu" ? .gelu : .silu  // "silu" and "swish" are the same function
    }

    @inline(__always)
    func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .gelu: return geluValue(x)
        case .silu: return x / (1 + fastExp(-x))
        }
    }

    /// Applies in place over the whole tensor.
    func apply(_ t: inout Tensor) {
        let n = t.count
        t.withMutablePointer { p in
            parallelRanges(n, costPerItem: 16) { r in for i in r { p[i] = self(p[i]) } }
        }
    }

    func applied(_ t: Tensor) -> Tensor {
        var y = t
        apply(&y)
        return y
    }
}
