/// Pointer access for the ops: taken once per op, never per element (see swift-notes on speed).
extension Tensor {
    /// A tensor whose contents are all `value`.
    public init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, data: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor the op will overwrite entirely (zero-filled: Swift arrays cannot be uninitialised cheaply).
    init(uninitialized shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(shape: shape, data: [Float](unsafeUninitializedCapacity: count) { _, n in n = count })
    }

    @inline(__always)
    func withPointer<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
        data.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    @inline(__always)
    mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        data.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

extension Optional where Wrapped == Tensor {
    @inline(__always)
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .some(let t): return t.withPointer { body($0) }
        case .none: return body(nil)
        }
    }
}
