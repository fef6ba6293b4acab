extension Denoiser {
    /// Part A 1.12: ε = (ε(x, c₁) + flip(ε(flip(x), c₂))) / 2, flip = upside down (reverse rows), each ε guided by
    /// its own `Guidance`; all passes in one `predict` call. The variance is the upright prompt's conditional one.
    public func anagramEpsilon(_ x: Tensor, t: Int, upright: Guidance, flipped: Guidance) throws -> DenoiserOutput {
        let n = try BatchMath.batchSize(x)
        let flippedX = try ImageOps.flipVertical(x)
        let outs = try epsilons(for: [GuidedInput(x: x, guidance: upright), GuidedInput(x: flippedX, guidance: flipped)],
                                timesteps: Array(repeating: t, count: n))
        let second = try ImageOps.flipVertical(outs[1].epsilon)
        return DenoiserOutput(epsilon: BatchMath.combine(outs[0].epsilon, 0.5, second, 0.5), variance: outs[0].variance)
    }

    /// A visual anagram from pure noise (i_start = 0): looks like `upright` upright and like `flipped` upside down.
    public func visualAnagram(count: Int, timesteps: [Int], upright: Guidance, flipped: Guidance,
                              options: SamplingOptions = SamplingOptions(), noise: NoiseSource) throws -> DenoiseResult {
        try StridedDenoising.run(noise(try imageBatchShape(count)), timesteps: timesteps, iStart: 0, schedule: schedule,
                                 stepNoise: options.stepNoise, recording: options.recording, noise: noise,
                                 epsilon: { x, t in try self.anagramEpsilon(x, t: t, upright: upright, flipped: flipped) })
    }
}
