/// Speed of one training configuration: median wall time of a full step (forward, backward, Adam) after warm-up.
public struct TrainingSpeed: Codable, Sendable, Equatable {
    public var name: String
    public var kind: ModelKind
    public var D: Int
    public var batchSize: Int
    public var measuredSteps: Int
    public var secondsPerStep: Double
    public var imagesPerSecond: Double
    /// Training FLOPs per image (forward + backward ≈ 3× forward) over time; nil when unknown for this D.
    public var gflopsPerSecond: Double?
    /// SHA-256 of the weights after every step ran (the data are seeded): two binaries that print the same
    /// fingerprint for the same steps compute bit-identical steps, so a speed change can be checked for that.
    public var weightsSHA256: String
}

/// Speed of Part B sampling: `images` samples over `steps` DDPM steps, projected from `measuredSteps` timed ones.
public struct SamplingSpeed: Codable, Sendable, Equatable {
    public var name: String
    public var D: Int
    public var images: Int
    public var steps: Int
    /// UNet passes per step: 2 with classifier-free guidance (batched as one call of 2·images).
    public var passesPerStep: Int
    public var measuredSteps: Int
    public var secondsPerStep: Double
    public var seconds: Double
    /// SHA-256 of the samples after the measured steps (see `TrainingSpeed.weightsSHA256`).
    public var samplesSHA256: String
}

/// `sitegen bench` for training: the seed's three configurations on synthetic data (no MNIST needed; the
/// speed of a dense network does not depend on pixel values).
public enum TrainingBenchmark {
    /// Training GFLOPs per image of the UNet (6.42 for D = 128, 1.61 for D = 64; it scales with D²).
    public static func trainingGFLOPsPerImage(D: Int) -> Double {
        switch D {
        case 128: return 6.42
        case 64: return 1.61
        default: return 1.61 * Double(D * D) / (64 * 64)
        }
    }

    /// The seed's configurations: uncond D=128 batch 256; time and class D=64 batch 128.
    public static let standardConfigs: [(name: String, kind: ModelKind, D: Int, batch: Int)] = [
        ("unconditional D=128 batch 256", .denoiser, 128, 256),
        ("time-conditioned D=64 batch 128", .time, 64, 128),
        ("class-conditioned D=64 batch 128", .classConditioned, 64, 128),
    ]

    public static func standard(warmup: Int = 1, steps: Int = 3) throws -> [TrainingSpeed] {
        try standardConfigs.map { try training(name: $0.name, kind: $0.kind, D: $0.D, batchSize: $0.batch,
                                                warmup: warmup, steps: steps) }
    }

    public static func training(name: String, kind: ModelKind, D: Int, batchSize: Int,
                                warmup: Int = 1, steps: Int = 3) throws -> TrainingSpeed {
        guard steps >= 1, warmup >= 0 else { throw TrainingError.invalidArgument("benchmark needs steps >= 1, warmup >= 0") }
        let config = TrainingConfig(kind: kind, D: D, batchSize: batchSize, epochs: 1, learningRate: 1e-4, seed: 1)
        let model = DigitModel(config: config)
        model.module.train()
        let adam = Adam(model.module, lr: config.learningRate)
        let schedule = try NoiseSchedule.linear(T: config.T)
        let draws = TrainingDraws(config: config)
        var pixels = RandomStream(seed: 1, streamNamed: "bench/images")
        var times: [Double] = []
        for step in 0..<(warmup + steps) {
            let images = pixels.normalTensor(shape: [batchSize, 1, 28, 28])
            let labels = (0..<batchSize).map { ($0 * 7 + step) % 10 }
            let batch = try TrainingBatch.make(config: config, schedule: schedule, images: images, labels: labels,
                                               draws: draws, epoch: 0, step: step)
            let clock = ContinuousClock()
            let began = clock.now
            _ = Trainer.step(model, batch, adam)
            if step >= warmup { times.append(Trainer.seconds(clock.now - began)) }
        }
        let median = times.sorted()[times.count / 2]
        let ips = Double(batchSize) / median
        let gflops = kind == .classifier ? nil : trainingGFLOPsPerImage(D: D) * ips
        let weights = Hashing.sha256Hex(SafeTensors.encode(model.module.stateDict()))
        return TrainingSpeed(name: name, kind: kind, D: D, batchSize: batchSize, measuredSteps: steps,
                             secondsPerStep: median, imagesPerSecond: ips, gflopsPerSecond: gflops, weightsSHA256: weights)
    }

    /// Class-conditioned sampling with CFG (two passes per step, batched), timing `measuredSteps` of the
    /// `steps` DDPM steps (default all 300) and projecting the total from their median.
    public static func sampling(kind: ModelKind = .classConditioned, D: Int = 64, images: Int = 40, steps: Int = 300,
                                measuredSteps: Int? = nil) throws -> SamplingSpeed {
        let config = TrainingConfig(kind: kind, D: D, batchSize: images, epochs: 1, learningRate: 1e-3,
                                    T: steps, seed: 1)
        let denoiser = try DigitDenoiser(model: DigitModel(config: config), config: config)
        let measured = min(measuredSteps ?? steps, steps)
        var stream = RandomStream(seed: 1, streamNamed: "bench/sampling")
        var x = stream.normalTensor(shape: [images, 1, 28, 28])
        // The class-conditioned model samples with CFG (two passes a step), the time-conditioned one plainly.
        let classes = kind == .classConditioned
        let guidance = classes ? Guidance.cfg((0..<images).map { .label($0 % 10) }, scale: 5) : .plain(.null)
        var times: [Double] = []
        for i in 0..<measured {
            let clock = ContinuousClock()
            let began = clock.now
            let eps = try denoiser.epsilon(x, t: steps - 1 - i, guidance: guidance).epsilon
            // A stand-in for the step update (element-wise, negligible next to the UNet passes).
            for j in 0..<x.data.count { x.data[j] = 0.99 * x.data[j] - 0.01 * eps.data[j] }
            times.append(Trainer.seconds(clock.now - began))
        }
        let median = times.sorted()[times.count / 2]
        return SamplingSpeed(name: classes ? "class-conditioned D=\(D), \(images) images, CFG" : "time-conditioned D=\(D), \(images) images",
                             D: D, images: images, steps: steps,
                             passesPerStep: classes ? 2 : 1, measuredSteps: measured, secondsPerStep: median,
                             seconds: median * Double(steps), samplesSHA256: Hashing.sha256Hex(SafeTensors.encode([("x", x)])))
    }
}
