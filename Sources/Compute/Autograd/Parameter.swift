/// A trainable tensor owned by a module. Its PyTorch name comes from where it sits in the module tree
/// (see `Module.namedParameters()`), so the same parameter can never carry two names.
public final class Parameter {
    public var value: Tensor
    /// Accumulated by `Graph.backward` across calls until `zeroGrad()`, like PyTorch's `.grad`.
    public var grad: Tensor

    public init(_ value: Tensor) {
        self.value = value
        self.grad = Tensor(zeros: value.shape)
    }

    public func zeroGrad() {
        grad = Tensor(zeros: value.shape)
    }
}

/// Non-trainable state saved with the model (BatchNorm running statistics and batch counter).
public final class Buffer {
    public var value: Tensor
    /// Stored as I64 in checkpoints: PyTorch's `num_batches_tracked` is an int64 scalar.
    public let isInteger: Bool

    public init(_ value: Tensor, isInteger: Bool = false) {
        self.value = value
        self.isInteger = isInteger
    }
}
