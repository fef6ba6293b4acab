/// How ε is obtained from a denoiser for one batch: the condition per sample (or one for all) and, for
/// classifier-free guidance, the unconditional condition and scale γ.
public struct Guidance: Sendable {
    /// One entry per batch sample, or a single entry used for every sample.
    public var condition: [Conditioning]
    /// nil: one plain conditional pass (`scale` ignored). Otherwise one entry per sample or one for all.
    public var unconditional: [Conditioning]?
    public var scale: Float

    public init(condition: [Conditioning], unconditional: [Conditioning]?, scale: Float) {
        self.condition = condition
        self.unconditional = unconditional
        self.scale = scale
    }

    /// A single conditional pass, no CFG.
    public static func plain(_ condition: Conditioning) -> Guidance {
        Guidance(condition: [condition], unconditional: nil, scale: 1)
    }

    /// CFG with γ = `scale` and the given unconditional condition (default `.null`).
    public static func cfg(_ condition: Conditioning, unconditional: Conditioning = .null, scale: Float) -> Guidance {
        Guidance(condition: [condition], unconditional: [unconditional], scale: scale)
    }

    /// Per-sample conditions (e.g. Part B's 4 samples of each digit).
    public static func cfg(_ conditions: [Conditioning], unconditional: Conditioning = .null,
                           scale: Float) -> Guidance {
        Guidance(condition: conditions, unconditional: [unconditional], scale: scale)
    }

    func expanded(_ list: [Conditioning], to n: Int, what: String) throws -> [Conditioning] {
        if list.count == n { return list }
        if list.count == 1 { return Array(repeating: list[0], count: n) }
        throw DiffusionError.batchMismatch(what: what, expected: n, got: list.count)
    }
}

/// One image batch and how to get its ε; several are evaluated in one `predict` call (anagrams, hybrids).
public struct GuidedInput: Sendable {
    public var x: Tensor
    public var guidance: Guidance

    public init(x: Tensor, guidance: Guidance) {
        self.x = x
        self.guidance = guidance
    }
}

extension Denoiser {
    /// ε for several (batch, guidance) inputs at the same per-sample timesteps, with all conditional and
    /// unconditional passes concatenated into ONE `predict` call. Variances are the conditional ones.
    public func epsilons(for inputs: [GuidedInput], timesteps: [Int]) throws -> [DenoiserOutput] {
        var xs: [Tensor] = []
        var conds: [Conditioning] = []
        var ts: [Int] = []
        var sizes: [Int] = []
        for input in inputs {
            let n = try BatchMath.batchSize(input.x)
            guard timesteps.count == n else {
                throw DiffusionError.batchMismatch(what: "timesteps", expected: n, got: timesteps.count)
            }
            sizes.append(n)
            xs.append(input.x)
            conds += try input.guidance.expanded(input.guidance.condition, to: n, what: "condition")
            ts += timesteps
        }
        for (input, n) in zip(inputs, sizes) {
            guard let uncond = input.guidance.unconditional else { continue }
            xs.append(input.x)
            conds += try input.guidance.expanded(uncond, to: n, what: "unconditional condition")
            ts += timesteps
        }
        let all = BatchMath.concatenate(xs)
        let out = try predict(all, timesteps: ts, conditioning: conds)
        guard out.epsilon.shape == all.shape else {
            throw DiffusionError.shapeMismatch(what: "denoiser epsilon", expected: all.shape, got: out.epsilon.shape)
        }
        if let v = out.variance, v.shape.first != all.shape.first {
            throw DiffusionError.shapeMismatch(what: "denoiser variance", expected: all.shape, got: v.shape)
        }

        var results: [DenoiserOutput] = []
        var condOffset = 0
        var uncondOffset = sizes.reduce(0, +)
        for (input, n) in zip(inputs, sizes) {
            let epsC = BatchMath.slice(out.epsilon, from: condOffset, count: n)
            let variance = out.variance.map { BatchMath.slice($0, from: condOffset, count: n) }
            condOffset += n
            guard input.guidance.unconditional != nil else {
                results.append(DenoiserOutput(epsilon: epsC, variance: variance))
                continue
            }
            let epsU = BatchMath.slice(out.epsilon, from: uncondOffset, count: n)
            uncondOffset += n
            let gamma = input.guidance.scale
            // ε_u + γ(ε_c − ε_u) = (1 − γ) ε_u + γ ε_c
            let eps = BatchMath.combine(epsU, 1 - gamma, epsC, gamma)
            results.append(DenoiserOutput(epsilon: eps, variance: variance))
        }
        return results
    }

    /// ε for one batch at one shared timestep.
    public func epsilon(_ x: Tensor, t: Int, guidance: Guidance) throws -> DenoiserOutput {
        let n = try BatchMath.batchSize(x)
        return try epsilons(for: [GuidedInput(x: x, guidance: guidance)],
                            timesteps: Array(repeating: t, count: n))[0]
    }
}
