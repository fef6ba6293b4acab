import Foundation
@testable import Compute

/// A small seeded standard-normal source for tests (SplitMix64 + Box-Muller), independent of the Philox
/// generator the site uses, and a log of every draw so tests can replay the noise a technique used.
final class TestNoise {
    private var state: UInt64
    private(set) var draws: [Tensor] = []

    init(seed: UInt64) { state = seed }

    private func nextUniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) / Double(1 << 53)
    }

    func normal(_ shape: [Int]) -> Tensor {
        let count = shape.reduce(1, *)
        var data = [Float]()
        data.reserveCapacity(count)
        while data.count < count {
            let u1 = nextUniform(), u2 = nextUniform()
            let r = (-2 * log(u1)).squareRoot()
            data.append(Float(r * cos(2 * .pi * u2)))
            if data.count < count { data.append(Float(r * sin(2 * .pi * u2))) }
        }
        let t = Tensor(shape: shape, data: data)
        draws.append(t)
        return t
    }
}

/// Data x₀ ~ N(μ_c, s²) independently per pixel, μ depending on the class (and a separate μ for `.null`).
/// Its optimal noise prediction is closed-form:
/// ε*(x_t) = √(1−ᾱ)(x_t − √ᾱ μ) / (ᾱ s² + 1 − ᾱ).
/// `rowSlope` makes μ vary with the row (μ + slope·row), breaking flip symmetry when a test needs that.
final class GaussianFakeDenoiser: Denoiser {
    let schedule: NoiseSchedule
    let imageSize: Int
    let channels: Int
    let s: Double
    let rowSlope: Double
    private(set) var calls: [(batch: Int, timesteps: [Int], conditioning: [Conditioning])] = []
    var reportVariance = false

    init(schedule: NoiseSchedule, imageSize: Int = 4, channels: Int = 1, s: Double = 0.5, rowSlope: Double = 0) {
        self.schedule = schedule
        self.imageSize = imageSize
        self.channels = channels
        self.s = s
        self.rowSlope = rowSlope
    }

    func mu(_ c: Conditioning) -> Double {
        switch c {
        case .null: return 0.1
        case .label(let k): return -0.6 + 0.3 * Double(k)
        case .embedding(let e): return Double(e.data.first ?? 0)
        }
    }

    func mu(_ c: Conditioning, row: Int) -> Double { mu(c) + rowSlope * Double(row) }

    /// ε* for one batch at one timestep, computed directly (the tests' reference).
    func optimalEpsilon(_ x: Tensor, t: Int, conditioning: [Conditioning]) -> Tensor {
        var out = x.data
        let per = x.count / x.shape[0]
        let h = x.shape[2], w = x.shape[3]
        let abar = t < 0 ? 1.0 : schedule.alphaBarDouble[t]
        for i in 0..<x.count {
            let n = i / per
            let row = (i % (h * w)) / w
            let m = mu(conditioning[n], row: row)
            out[i] = Float((1 - abar).squareRoot() * (Double(x.data[i]) - abar.squareRoot() * m)
                           / (abar * s * s + 1 - abar))
        }
        return Tensor(shape: x.shape, data: out)
    }

    func predict(_ x: Tensor, timesteps: [Int], conditioning: [Conditioning]) throws -> DenoiserOutput {
        calls.append((x.shape[0], timesteps, conditioning))
        precondition(timesteps.count == x.shape[0] && conditioning.count == x.shape[0])
        let per = x.count / x.shape[0]
        var eps: [Float] = []
        for n in 0..<x.shape[0] {
            let one = Tensor(shape: [1] + x.shape.dropFirst(), data: Array(x.data[(n * per)..<((n + 1) * per)]))
            eps += optimalEpsilon(one, t: timesteps[n], conditioning: [conditioning[n]]).data
        }
        let variance: Tensor? = reportVariance
            ? Tensor(shape: x.shape, data: (0..<x.count).map { Float($0 / per) })   // sample index, to track slicing
            : nil
        return DenoiserOutput(epsilon: Tensor(shape: x.shape, data: eps), variance: variance)
    }
}

func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
    return zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0
}

func meanAndVariance(_ values: [Float]) -> (mean: Double, variance: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0.0) { $0 + Double($1) } / n
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
    return (mean, variance)
}
