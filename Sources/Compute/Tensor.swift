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

    public init(zeros shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    public var count: Int { data.count }
}
