/// A value on a `Graph`'s tape. A class so that every op that reads it can add into the same `grad`.
public final class Variable {
    public let value: Tensor
    /// The gradient of the loss with respect to `value`; nil until backward reaches this variable.
    public internal(set) var grad: Tensor?
    /// False for data (images, targets, conditioning) whose gradient nobody asked for: its ops skip that work.
    public let requiresGrad: Bool

    init(_ value: Tensor, requiresGrad: Bool) {
        self.value = value
        self.requiresGrad = requiresGrad
    }

    public var shape: [Int] { value.shape }

    /// Hands the gradient buffer to a kernel (which adds into it) without a copy-on-write copy:
    /// the variable gives up its reference until `give` returns the buffer.
    func takeGrad() -> Tensor {
        if let g = grad {
            grad = nil
            return g
        }
        return Tensor(zeros: value.shape)
    }

    /// Returns a buffer from `takeGrad`; if someone else added a gradient meanwhile (the same variable used
    /// twice in one op), the two are summed rather than one overwriting the other.
    func give(_ g: Tensor) {
        guard requiresGrad else { return }
        guard var existing = grad else {
            grad = g
            return
        }
        existing.data.withUnsafeMutableBufferPointer { e in
            g.data.withUnsafeBufferPointer { add in
                for i in 0 ..< e.count { e[i] += add[i] }
            }
        }
        grad = existing
    }
}
