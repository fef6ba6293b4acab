/// The network inputs and target of one training step, built from clean images and that step's draws.
struct TrainingBatch {
    var input: Tensor
    /// MSE target: the clean image (denoiser) or the noise ε (DDPMs). Unused by the classifier.
    var target: Tensor
    /// [N, 1] normalised time (DDPMs only).
    var t: Tensor?
    /// [N, 10] one-hot class, zero rows where dropped (class-conditioned only).
    var c: Tensor?
    var labels: [Int]

    /// Part 1.2: z = x + σε → x.  Part 2.1: x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε → ε.  Part 2.4: plus one-hot c,
    /// zeroed with probability p_uncond.  Classifier: x → label.
    static func make(config: TrainingConfig, schedule: NoiseSchedule, images x: Tensor, labels: [Int],
                     draws: TrainingDraws, epoch: Int, step: Int) throws -> TrainingBatch {
        let n = labels.count
        switch config.kind {
        case .classifier:
            return TrainingBatch(input: x, target: x, t: nil, c: nil, labels: labels)
        case .denoiser:
            let eps = draws.noise(shape: x.shape, epoch: epoch, step: step)
            var z = x
            let sigma = Float(config.sigma)
            for i in 0..<z.data.count { z.data[i] += sigma * eps.data[i] }
            return TrainingBatch(input: z, target: x, t: nil, c: nil, labels: labels)
        case .time, .classConditioned:
            let eps = draws.noise(shape: x.shape, epoch: epoch, step: step)
            let ts = draws.timesteps(count: n, T: config.T, epoch: epoch, step: step)
            let xt = try schedule.addNoise(x, timesteps: ts, epsilon: eps)
            var c: Tensor?
            if config.kind == .classConditioned {
                let drop = draws.dropMask(count: n, p: config.pUncond, epoch: epoch, step: step)
                c = DigitTime.oneHot(zip(labels, drop).map { $1 ? nil : $0 })
            }
            return TrainingBatch(input: xt, target: eps, t: DigitTime.column(ts, T: config.T), c: c, labels: labels)
        }
    }
}
