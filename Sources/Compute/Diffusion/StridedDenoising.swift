/// Where the noise term of a denoising step t → t' comes from.
public enum StepNoise: Sendable {
    /// σ² = β̃ = (1−ᾱ_t')/(1−ᾱ_t) β: the true posterior variance of q(x_t' | x_t, x₀). Our default for models that
    /// predict only ε (it is exactly what the posterior-mean step assumes, and it vanishes on the step to t' = −1).
    case posteriorVariance
    /// σ² = β, Algorithm B.2's `√β_t z` (Part B). No noise on the step into the clean image (t' = −1).
    case beta
    /// No noise: the posterior mean only (deterministic; used by tests).
    case none
    /// The model's own variance (DeepFloyd IF's learned range), mapped to a per-element std by the backend
    /// `(variance, t, t') -> std`, because that formula belongs to IF's scheduler. Falls back to β̃ when the
    /// model returned no variance.
    case predicted(@Sendable (_ variance: Tensor, _ t: Int, _ tPrev: Int) throws -> Tensor)
}

/// Which intermediate x_t a loop keeps (for the "every 5th loop" and trajectory figures).
public enum Recording: Equatable, Sendable {
    case none
    /// The x_t entering loop index i whenever (i − i_start) is a multiple of k (Part A 1.4: k = 5 gives
    /// t = 690, 540, 390, 240, 90 from i_start = 10). The final image counts as index `count − 1`.
    case every(Int)
    /// The x_t at each listed timestep (the final image has timestep `timesteps.last`).
    case atTimesteps([Int])
}

/// One recorded intermediate image.
public struct Snapshot: Sendable {
    public var index: Int
    public var timestep: Int
    public var x: Tensor
}

public struct DenoiseResult: Sendable {
    /// The image after the last step (at `timesteps.last`).
    public var x: Tensor
    public var snapshots: [Snapshot]
}

/// ε (and optionally a variance) for the current x_t at timestep t: the single place where the techniques differ.
public typealias EpsilonFunction = (_ x: Tensor, _ t: Int) throws -> DenoiserOutput

/// The strided DDPM loop of Part A (eq. A.3), also Part B's sampler with stride 1. Model-agnostic: ε comes from
/// `epsilon`, so SDEdit, inpainting, anagrams and hybrids are this loop with a different `epsilon`/`afterStep`.
public enum StridedDenoising {
    /// Runs `for i in iStart..<timesteps.count-1`: t = ts[i], t' = ts[i+1],
    /// x_t' = √ᾱ_t' β/(1−ᾱ_t) x̂₀ + √α (1−ᾱ_t')/(1−ᾱ_t) x_t + σ z, x̂₀ from the one-step estimate.
    /// `afterStep(&x, t')` runs after each step (inpainting's A.5). No noise is drawn when σ is zero.
    public static func run(_ x: Tensor, timesteps: [Int], iStart: Int, schedule: NoiseSchedule,
                           stepNoise: StepNoise, recording: Recording = .none,
                           noise: NoiseSource, epsilon: EpsilonFunction,
                           afterStep: (_ x: inout Tensor, _ tPrev: Int) throws -> Void = { _, _ in }) throws -> DenoiseResult {
        try Timesteps.validate(timesteps, schedule: schedule)
        guard iStart >= 0 && iStart < timesteps.count else {
            throw DiffusionError.startIndexOutOfRange(iStart: iStart, count: timesteps.count)
        }
        let n = try BatchMath.batchSize(x)
        if case .every(let k) = recording, k < 1 {
            throw DiffusionError.invalidParameter("Recording.every needs k >= 1, got \(k)")
        }
        func wanted(_ i: Int) -> Bool {
            switch recording {
            case .none: return false
            case .every(let k): return (i - iStart) % k == 0
            case .atTimesteps(let list): return list.contains(timesteps[i])
            }
        }

        var x = x
        var snapshots: [Snapshot] = []
        for i in iStart..<(timesteps.count - 1) {
            let t = timesteps[i], tPrev = timesteps[i + 1]
            if wanted(i) { snapshots.append(Snapshot(index: i, timestep: t, x: x)) }
            let out = try epsilon(x, t)
            guard out.epsilon.shape == x.shape else {
                throw DiffusionError.shapeMismatch(what: "epsilon at t=\(t)", expected: x.shape, got: out.epsilon.shape)
            }
            let ts = Array(repeating: t, count: n)
            let x0Hat = try schedule.estimateX0(x, timesteps: ts, epsilon: out.epsilon)
            let c = try schedule.stepCoefficients(from: t, to: tPrev)
            var next = BatchMath.combine(x0Hat, Float(c.x0), x, Float(c.xt))
            switch stepNoise {
            case .none:
                break
            case .posteriorVariance:
                next = addGaussian(next, std: c.posteriorVariance.squareRoot(), noise: noise)
            case .beta:
                if tPrev >= 0 { next = addGaussian(next, std: c.beta.squareRoot(), noise: noise) }
            case .predicted(let toStd):
                if let variance = out.variance {
                    let std = try toStd(variance, t, tPrev)
                    guard std.shape == x.shape else {
                        throw DiffusionError.shapeMismatch(what: "predicted std at t=\(t)", expected: x.shape, got: std.shape)
                    }
                    next = BatchMath.addScaled(next, std, noise(x.shape))
                } else {
                    next = addGaussian(next, std: c.posteriorVariance.squareRoot(), noise: noise)
                }
            }
            try afterStep(&next, tPrev)
            x = next
        }
        if wanted(timesteps.count - 1) {
            snapshots.append(Snapshot(index: timesteps.count - 1, timestep: timesteps[timesteps.count - 1], x: x))
        }
        return DenoiseResult(x: x, snapshots: snapshots)
    }

    private static func addGaussian(_ x: Tensor, std: Double, noise: NoiseSource) -> Tensor {
        guard std > 0 else { return x }
        let z = noise(x.shape)
        precondition(z.shape == x.shape, "noise source returned \(z.shape) for \(x.shape)")
        return BatchMath.combine(x, 1, z, Float(std))
    }
}
