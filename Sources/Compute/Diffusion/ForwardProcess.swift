/// Standard-normal noise of a given shape. Callers back it with the seeded Philox generator so figures are
/// reproducible; tests use a local seeded generator. Not `@escaping`: techniques draw from it only while running.
public typealias NoiseSource = (_ shape: [Int]) -> Tensor

extension NoiseSchedule {
    /// Forward process (A.2): x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε, with one timestep per batch sample
    /// (training draws a different t for every image). `t = -1` returns x₀.
    public func addNoise(_ x0: Tensor, timesteps: [Int], epsilon: Tensor) throws -> Tensor {
        let n = try BatchMath.batchSize(x0)
        guard timesteps.count == n else {
            throw DiffusionError.batchMismatch(what: "timesteps", expected: n, got: timesteps.count)
        }
        guard epsilon.shape == x0.shape else {
            throw DiffusionError.shapeMismatch(what: "forward-process noise", expected: x0.shape, got: epsilon.shape)
        }
        let abar = try timesteps.map { try alphaBar(at: $0) }
        return BatchMath.combinePerSample(x0, abar.map { Float($0.squareRoot()) },
                                          epsilon, abar.map { Float((1 - $0).squareRoot()) })
    }

    /// `addNoise` at one timestep for the whole batch, drawing ε from `noise`.
    public func addNoise(_ x0: Tensor, t: Int, noise: NoiseSource) throws -> Tensor {
        let n = try BatchMath.batchSize(x0)
        try checkTimestep(t)
        return try addNoise(x0, timesteps: Array(repeating: t, count: n), epsilon: noise(x0.shape))
    }

    /// One-step estimate (inverse of A.2): x̂₀ = (x_t − √(1−ᾱ_t) ε̂) / √ᾱ_t.
    public func estimateX0(_ xt: Tensor, timesteps: [Int], epsilon: Tensor) throws -> Tensor {
        let n = try BatchMath.batchSize(xt)
        guard timesteps.count == n else {
            throw DiffusionError.batchMismatch(what: "timesteps", expected: n, got: timesteps.count)
        }
        guard epsilon.shape == xt.shape else {
            throw DiffusionError.shapeMismatch(what: "epsilon estimate", expected: xt.shape, got: epsilon.shape)
        }
        let abar = try timesteps.map { try alphaBar(at: $0) }
        return BatchMath.combinePerSample(xt, abar.map { Float(1 / $0.squareRoot()) },
                                          epsilon, abar.map { Float(-((1 - $0) / $0).squareRoot()) })
    }

    /// The coefficients of one strided DDPM step t → t' (A.3): α = ᾱ_t/ᾱ_t', β = 1 − α,
    /// x_t' = a·x̂₀ + b·x_t + noise, a = √ᾱ_t' β/(1−ᾱ_t), b = √α (1−ᾱ_t')/(1−ᾱ_t).
    public func stepCoefficients(from t: Int, to tPrev: Int) throws -> StepCoefficients {
        let abarT = try alphaBar(at: t)
        let abarPrev = try alphaBar(at: tPrev)
        guard t >= 0, tPrev < t else {
            throw DiffusionError.invalidParameter("a denoising step goes from t to an earlier t' (got \(t) -> \(tPrev))")
        }
        let alpha = abarT / abarPrev
        let beta = 1 - alpha
        return StepCoefficients(
            x0: abarPrev.squareRoot() * beta / (1 - abarT),
            xt: alpha.squareRoot() * (1 - abarPrev) / (1 - abarT),
            beta: beta,
            posteriorVariance: (1 - abarPrev) / (1 - abarT) * beta)
    }
}

/// See `NoiseSchedule.stepCoefficients`. `posteriorVariance` is β̃ = (1−ᾱ_t')/(1−ᾱ_t) β.
public struct StepCoefficients: Equatable, Sendable {
    public var x0: Double
    public var xt: Double
    public var beta: Double
    public var posteriorVariance: Double
}
