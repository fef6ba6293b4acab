/// What a denoiser is conditioned on. `.null` is the unconditional branch of classifier-free guidance
/// (a zero one-hot for the digit UNet, the `''` embedding for DeepFloyd IF).
public enum Conditioning: Equatable, Sendable {
    case null
    case label(Int)
    /// A text embedding, e.g. `[77, 4096]` for IF's T5.
    case embedding(Tensor)
}

/// One denoiser evaluation. `variance` is the model-predicted variance (IF's channels 3-5); nil for models that
/// only predict ε, whose samplers then use a fixed variance (see `StepNoise`).
public struct DenoiserOutput: Sendable {
    public var epsilon: Tensor
    public var variance: Tensor?

    public init(epsilon: Tensor, variance: Tensor? = nil) {
        self.epsilon = epsilon
        self.variance = variance
    }
}

/// The one abstraction every Part A technique and the Part B sampler run on, so the same code drives the digit
/// UNet now and DeepFloyd IF later, and is tested against analytic fakes.
public protocol Denoiser {
    var schedule: NoiseSchedule { get }
    /// Height = width of the images the model works on.
    var imageSize: Int { get }
    var channels: Int { get }
    /// One batched call: x `[N,C,H,W]`, `timesteps.count == N` (0-based, see `NoiseSchedule`),
    /// `conditioning.count == N`. Returns ε (and optionally a variance) of x's shape.
    func predict(_ x: Tensor, timesteps: [Int], conditioning: [Conditioning]) throws -> DenoiserOutput
}

extension Denoiser {
    /// Classifier-free guidance (Part A eq. A.4, Part B Alg. B.4): ε = ε_u + γ (ε_c − ε_u).
    /// Conditional and unconditional passes go through ONE `predict` call of 2N (the model's batch dimension is
    /// where the speed is); the returned variance is the conditional one, as the Part A spec asks.
    public func predictGuided(_ x: Tensor, timesteps: [Int], condition: [Conditioning],
                              unconditional: [Conditioning], gamma: Float) throws -> DenoiserOutput {
        let n = try BatchMath.batchSize(x)
        guard timesteps.count == n else {
            throw DiffusionError.batchMismatch(what: "timesteps", expected: n, got: timesteps.count)
        }
        let guidance = Guidance(condition: condition, unconditional: unconditional, scale: gamma)
        return try epsilons(for: [GuidedInput(x: x, guidance: guidance)], timesteps: timesteps)[0]
    }

    /// `predictGuided` with one timestep and one condition pair for the whole batch.
    public func predictGuided(_ x: Tensor, t: Int, condition: Conditioning, unconditional: Conditioning = .null,
                              gamma: Float) throws -> DenoiserOutput {
        let n = try BatchMath.batchSize(x)
        return try predictGuided(x, timesteps: Array(repeating: t, count: n), condition: [condition],
                                 unconditional: [unconditional], gamma: gamma)
    }
}
