/// Settings shared by every sampling technique.
public struct SamplingOptions: Sendable {
    public var stepNoise: StepNoise
    public var recording: Recording

    public init(stepNoise: StepNoise = .posteriorVariance, recording: Recording = .none) {
        self.stepNoise = stepNoise
        self.recording = recording
    }
}

extension Denoiser {
    /// Part A 1.4-1.6: iterative denoising of `x` (already at `timesteps[iStart]`) with plain or CFG guidance.
    /// `afterStep(&x, t')` may rewrite each new x_t' (see `StridedDenoising.run`; `inpaint` uses it).
    public func iterativeDenoise(_ x: Tensor, timesteps: [Int], iStart: Int, guidance: Guidance,
                                 options: SamplingOptions = SamplingOptions(), noise: NoiseSource,
                                 afterStep: (_ x: inout Tensor, _ tPrev: Int) throws -> Void = { _, _ in }) throws -> DenoiseResult {
        try StridedDenoising.run(x, timesteps: timesteps, iStart: iStart, schedule: schedule,
                                 stepNoise: options.stepNoise, recording: options.recording, noise: noise,
                                 epsilon: { x, t in try self.epsilon(x, t: t, guidance: guidance) },
                                 afterStep: afterStep)
    }

    /// Part A 1.5/1.6: `count` samples from pure noise, i_start = 0.
    public func sample(count: Int, timesteps: [Int], guidance: Guidance,
                       options: SamplingOptions = SamplingOptions(), noise: NoiseSource) throws -> DenoiseResult {
        try iterativeDenoise(noise(try imageBatchShape(count)), timesteps: timesteps, iStart: 0,
                             guidance: guidance, options: options, noise: noise)
    }

    /// Part A 1.7 (SDEdit): noise `original` to `timesteps[iStart]` with the forward process, then denoise from
    /// there. Small i_start = much noise = big edits.
    public func sdedit(_ original: Tensor, timesteps: [Int], iStart: Int, guidance: Guidance,
                       options: SamplingOptions = SamplingOptions(), noise: NoiseSource) throws -> DenoiseResult {
        guard iStart >= 0 && iStart < timesteps.count else {
            throw DiffusionError.startIndexOutOfRange(iStart: iStart, count: timesteps.count)
        }
        let xt = try schedule.addNoise(original, t: timesteps[iStart], noise: noise)
        return try iterativeDenoise(xt, timesteps: timesteps, iStart: iStart, guidance: guidance,
                                    options: options, noise: noise)
    }

    /// `[count, channels, imageSize, imageSize]`.
    public func imageBatchShape(_ count: Int) throws -> [Int] {
        guard count > 0 else { throw DiffusionError.invalidParameter("sample count must be positive, got \(count)") }
        return [count, channels, imageSize, imageSize]
    }
}
