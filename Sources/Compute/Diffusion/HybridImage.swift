/// The low-pass filter of a hybrid image (Part A 1.13 recommends kernel 33, sigma 2 at 64×64).
public struct BlurParameters: Equatable, Sendable {
    public var kernelSize: Int
    public var sigma: Double

    public init(kernelSize: Int, sigma: Double) {
        self.kernelSize = kernelSize
        self.sigma = sigma
    }
}

extension Denoiser {
    /// Part A 1.13 (factorized diffusion): ε = lowpass(ε(x, c₁)) + highpass(ε(x, c₂)), lowpass = Gaussian blur,
    /// highpass(e) = e − lowpass(e). Both passes in one `predict` call; variance from the low-pass prompt.
    public func hybridEpsilon(_ x: Tensor, t: Int, lowpass: Guidance, highpass: Guidance,
                              blur: BlurParameters) throws -> DenoiserOutput {
        let n = try BatchMath.batchSize(x)
        let outs = try epsilons(for: [GuidedInput(x: x, guidance: lowpass), GuidedInput(x: x, guidance: highpass)],
                                timesteps: Array(repeating: t, count: n))
        let low = try ImageOps.gaussianBlur(outs[0].epsilon, kernelSize: blur.kernelSize, sigma: blur.sigma)
        let e2 = outs[1].epsilon
        let e2Low = try ImageOps.gaussianBlur(e2, kernelSize: blur.kernelSize, sigma: blur.sigma)
        let high = BatchMath.combine(e2, 1, e2Low, -1)
        return DenoiserOutput(epsilon: BatchMath.combine(low, 1, high, 1), variance: outs[0].variance)
    }

    /// A hybrid image from pure noise (i_start = 0): `lowpass` from afar, `highpass` up close.
    public func hybridImage(count: Int, timesteps: [Int], lowpass: Guidance, highpass: Guidance,
                            blur: BlurParameters = BlurParameters(kernelSize: 33, sigma: 2),
                            options: SamplingOptions = SamplingOptions(), noise: NoiseSource) throws -> DenoiseResult {
        try StridedDenoising.run(noise(try imageBatchShape(count)), timesteps: timesteps, iStart: 0, schedule: schedule,
                                 stepNoise: options.stepNoise, recording: options.recording, noise: noise,
                                 epsilon: { x, t in
                                     try self.hybridEpsilon(x, t: t, lowpass: lowpass, highpass: highpass, blur: blur)
                                 })
    }
}
