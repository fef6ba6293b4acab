/// A cursor over one Philox (seed, stream) for training loops: each draw takes the next unused words.
///
/// `position` is the next unused 32-bit word index, a plain integer, so a checkpoint that stores it
/// resumes with exactly the values an uninterrupted run would have drawn. Draws that need aligned words
/// (normal pairs, 64-bit integers) first round `position` up to an even index, skipping at most one word,
/// so no two draws ever share bits.
public struct RandomStream: Sendable, Equatable {
    public let generator: Philox
    public var position: UInt64

    public init(seed: UInt64, stream: UInt64, position: UInt64 = 0) {
        self.generator = Philox(seed: seed, stream: stream)
        self.position = position
    }

    public init(seed: UInt64, streamNamed name: String, position: UInt64 = 0) {
        self.init(seed: seed, stream: Philox.stream(named: name), position: position)
    }

    private mutating func alignToPair() {
        position += position & 1
    }

    public mutating func uniform() -> Float {
        defer { position += 1 }
        return generator.uniform(index: position)
    }

    public mutating func uniforms(_ count: Int) -> [Float] {
        defer { position += UInt64(count) }
        return generator.fillUniform(count: count, startIndex: position)
    }

    public mutating func bernoulli(_ p: Float) -> Bool {
        uniform() < p
    }

    /// `count` standard normals; an odd count still consumes a whole last pair.
    public mutating func normals(_ count: Int) -> [Float] {
        alignToPair()
        defer { position += UInt64(count + (count & 1)) }
        return generator.fillNormal(count: count, startIndex: position)
    }

    public mutating func normalTensor(shape: [Int]) -> Tensor {
        Tensor(shape: shape, data: normals(shape.reduce(1, *)))
    }

    /// Uniform integer in 0..<n (see `Philox.uniformInt` for the bias bound); two words.
    public mutating func int(below n: Int) -> Int {
        alignToPair()
        defer { position += 2 }
        return generator.uniformInt(n, index64: position >> 1)
    }

    /// A seeded permutation of 0..<n, e.g. one epoch's shuffle; consumes 2·(n-1) words.
    public mutating func permutation(_ n: Int) -> [Int] {
        alignToPair()
        let draws = UInt64(max(n - 1, 0))
        defer { position += 2 * draws }
        return generator.permutation(n, startIndex64: position >> 1)
    }
}
