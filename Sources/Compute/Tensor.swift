/// A dense Float32 tensor in row-major (NCHW for images) order.
///
/// A value type so that results handed to SiteGen and Plotting can never be mutated behind their back;
/// hot loops take `withUnsafe(Mutable)BufferPointer` once per op (see swift-notes: indexing a stored
/// array inside a loop is ~50x slower).
public struct Tensor: Equatable, Sendable {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count,
                     "Tensor: shape \(shape) holds \(shape.reduce(1, *)) values, data has \(data.count)")
        self.shape = shape
        self.data = data
    }

    /// Large buffers (the gradients a backward pass starts from) are zeroed on all worker threads: filled by
    /// the one thread that walks the tape, they had left the other core idle for 3 % of a D = 64 step.
    public init(zeros shape: [Int]) {
        let count = shape.reduce(1, *)
        guard count >= Self.parallelZeroingCount else {
            self.init(shape: shape, data: [Float](repeating: 0, count: count))
            return
        }
        self.init(shape: shape, data: [Float](unsafeUninitializedCapacity: count) { buffer, n in
            let base = buffer.baseAddress!
            parallelRanges(count) { range in (base + range.lowerBound).initialize(repeating: 0, count: range.count) }
            n = count
        })
    }
    static let parallelZeroingCount = 1 << 17

    public var count: Int { data.count }
}
