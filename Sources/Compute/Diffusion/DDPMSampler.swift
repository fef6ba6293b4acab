extension Denoiser {
    /// Part B, Algorithm B.2 (B.4 with CFG): x_T ~ N(0, I), then all T steps t = T−1 … 0 (0-based) with
    /// `√β_t z` noise and none on the last step; i.e. the strided loop with stride 1 over `Timesteps.ddpm(T:)`.
    /// `recordAt` lists timesteps whose x_t to keep (−1 = the final sample) for a trajectory figure.
    public func sampleDDPM(count: Int, guidance: Guidance, recordAt: [Int] = [], stepNoise: StepNoise = .beta,
                           noise: NoiseSource) throws -> DenoiseResult {
        let timesteps = Timesteps.ddpm(T: schedule.T)
        let options = SamplingOptions(stepNoise: stepNoise, recording: recordAt.isEmpty ? .none : .atTimesteps(recordAt))
        return try sample(count: count, timesteps: timesteps, guidance: guidance, options: options, noise: noise)
    }
}
