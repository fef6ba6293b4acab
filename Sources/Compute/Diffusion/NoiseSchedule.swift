import Foundation

/// The variance schedule of a DDPM, shared by training (Part B) and every sampling technique (Part A).
///
/// Timestep convention: `t` is a **0-based index** into `alphaBar`, `t ∈ 0..<T`. Part B's notebook counts `1...T`
/// (its `t = 1` is our `t = 0`); DeepFloyd's `alphas_cumprod[t]` is already 0-based. The step "before 0",
/// `t = -1`, is the clean image: `alphaBar(-1) = 1`, so the last step of Algorithm B.2 is the step `0 -> -1`.
///
/// The cumulative product is taken in Double (a float32 cumprod over 1000 terms drifts in the 5th digit) and
/// the results are stored both as Float (for tensors) and Double (for the step coefficients).
public struct NoiseSchedule: Equatable, Sendable {
    public let betas: [Float]
    public let alphas: [Float]
    public let alphaBar: [Float]
    /// `alphaBar` before rounding to Float; step coefficients are computed from these.
    public let alphaBarDouble: [Double]

    public var T: Int { betas.count }

    /// A schedule from explicit betas, each in (0, 1).
    public init(betas: [Double]) throws {
        guard !betas.isEmpty else { throw DiffusionError.invalidSchedule("betas is empty") }
        if let bad = betas.firstIndex(where: { !($0 > 0 && $0 < 1) }) {
            throw DiffusionError.invalidSchedule("beta[\(bad)] = \(betas[bad]) is not in (0, 1)")
        }
        var product = 1.0
        var cumulative = [Double]()
        cumulative.reserveCapacity(betas.count)
        for beta in betas {
            product *= 1 - beta
            cumulative.append(product)
        }
        self.betas = betas.map(Float.init)
        self.alphas = betas.map { Float(1 - $0) }
        self.alphaBarDouble = cumulative
        self.alphaBar = cumulative.map(Float.init)
    }

    /// Part B: `torch.linspace(betaStart, betaEnd, T)` then `cumprod(1 - betas)`.
    public static func linear(T: Int = 300, betaStart: Double = 1e-4, betaEnd: Double = 0.02) throws -> NoiseSchedule {
        guard T >= 2 else { throw DiffusionError.invalidSchedule("linear schedule needs T >= 2, got \(T)") }
        let step = (betaEnd - betaStart) / Double(T - 1)
        return try NoiseSchedule(betas: (0..<T).map { betaStart + Double($0) * step })
    }

    /// DeepFloyd IF: diffusers' `betas_for_alpha_bar(T, max_beta=0.999, alpha_transform_type="cosine")`,
    /// i.e. the "squaredcos_cap_v2" schedule of Nichol & Dhariwal (2021).
    public static func squaredCosCapV2(T: Int = 1000, maxBeta: Double = 0.999) throws -> NoiseSchedule {
        guard T >= 1 else { throw DiffusionError.invalidSchedule("cosine schedule needs T >= 1, got \(T)") }
        func alphaBarFn(_ s: Double) -> Double {
            let c = cos((s + 0.008) / 1.008 * Double.pi / 2)
            return c * c
        }
        let betas = (0..<T).map { i in
            min(1 - alphaBarFn(Double(i + 1) / Double(T)) / alphaBarFn(Double(i) / Double(T)), maxBeta)
        }
        return try NoiseSchedule(betas: betas)
    }

    /// ᾱ_t with the convention above (`t = -1` gives 1).
    public func alphaBar(at t: Int) throws -> Double {
        try checkTimestep(t)
        return t < 0 ? 1 : alphaBarDouble[t]
    }

    func checkTimestep(_ t: Int) throws {
        guard t >= -1 && t < T else { throw DiffusionError.timestepOutOfRange(t: t, T: T) }
    }
}
