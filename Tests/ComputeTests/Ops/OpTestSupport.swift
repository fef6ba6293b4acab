import Testing
import Compute

/// SplitMix64: a tiny deterministic generator so every test sees the same inputs on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) * 2 - 1 }
    mutating func tensor(_ shape: [Int], scale: Double = 1) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(uniform() * scale) })
    }
}

extension Tensor {
    var doubles: [Double] { data.map(Double.init) }
}

/// Largest |a - b| relative to max(1, largest |b|): a scale-aware error for whole arrays.
func relativeError(_ a: [Float], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "compared arrays differ in length: \(a.count) vs \(b.count)")
    let scale = max(1, b.map(abs).max() ?? 0)
    return zip(a, b).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
}

/// Central finite differences of a scalar Float64 loss with respect to every entry of `values`.
func numericGradient(_ values: [Double], step h: Double = 1e-5, _ loss: ([Double]) -> Double) -> [Double] {
    var v = values
    return (0..<values.count).map { i in
        let keep = v[i]
        v[i] = keep + h; let up = loss(v)
        v[i] = keep - h; let down = loss(v)
        v[i] = keep
        return (up - down) / (2 * h)
    }
}

/// L = sum(r * y), the scalar whose gradient with respect to y is r.
func weightedSum(_ r: [Double], _ y: [Double]) -> Double {
    precondition(r.count == y.count, "weights \(r.count) vs outputs \(y.count)")
    return zip(r, y).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Expects an analytic Float32 gradient to match the Float64 finite-difference one.
/// Float32 sums of a few hundred terms carry ~1e-6 relative error; 1e-4 leaves room, and a wrong
/// formula (a missing term, a transposed kernel) is off by O(1).
func expectGradient(_ analytic: Tensor, matches numeric: [Double], _ what: String, tolerance: Double = 1e-4,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let err = relativeError(analytic.data, numeric)
    #expect(err < tolerance, "\(what): relative error \(err)", sourceLocation: sourceLocation)
}

/// Values in [-2, 2) with zeros of both signs mixed in (every 7th +0, else every 5th −0), for the vector kernels'
/// bit comparisons: a kernel that turns −0 into +0, or adds +0 where the Swift loop adds nothing, shows on them.
func signedZeroMix(_ count: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { q in q % 7 == 0 ? 0 : q % 5 == 0 ? -0.0 : Float(rng.uniform() * 2) }
}

/// How many of two equally long arrays' values differ in their bits.
func bitDifferences(_ a: [Float], _ b: [Float]) -> Int {
    precondition(a.count == b.count, "compared arrays differ in length: \(a.count) vs \(b.count)")
    return zip(a, b).filter { $0.0.bitPattern != $0.1.bitPattern }.count
}
