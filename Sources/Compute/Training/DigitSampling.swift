/// Part B sampling (Algorithms B.2 and B.4): x_T ~ N(0, I), then all T ancestral steps with √β_t z noise
/// (none on the last), through the diffusion module's `sampleDDPM`. All noise comes from one seeded Philox
/// stream, so a (model, seed, count) triple always gives the same digits.
///
/// Results are the raw x₀ of the sampler, NOT clamped: values slightly outside [0, 1] are the model's
/// honest output (and what the classifier sees after its own clamp); figures clamp for display.
public enum DigitSampling {
    /// `count` unconditional samples from the time-conditioned model. `recordAt` lists 0-based timesteps
    /// whose x_t to keep (−1 = the final sample) for a trajectory figure.
    public static func sampleTime(_ denoiser: DigitDenoiser, count: Int, seed: UInt64,
                                  recordAt: [Int] = []) throws -> DenoiseResult {
        guard denoiser.model.kind == .time else { throw TrainingError.wrongModelKind(expected: .time, got: denoiser.model.kind) }
        guard count >= 1 else { throw TrainingError.invalidArgument("sample count must be at least 1, got \(count)") }
        var stream = RandomStream(seed: seed, streamNamed: "sample/time")
        return try denoiser.sampleDDPM(count: count, guidance: .plain(.null), recordAt: recordAt,
                                       noise: { stream.normalTensor(shape: $0) })
    }

    /// One sample per label from the class-conditioned model with classifier-free guidance
    /// ε = ε_u + γ(ε_c − ε_u) (γ = 5 in the course); both passes run as one batch per step.
    public static func sampleClass(_ denoiser: DigitDenoiser, labels: [Int], gamma: Float = 5, seed: UInt64,
                                   recordAt: [Int] = []) throws -> DenoiseResult {
        guard denoiser.model.kind == .classConditioned else {
            throw TrainingError.wrongModelKind(expected: .classConditioned, got: denoiser.model.kind)
        }
        guard !labels.isEmpty else { throw TrainingError.invalidArgument("sampleClass needs at least one label") }
        if let bad = labels.first(where: { !(0...9).contains($0) }) {
            throw TrainingError.invalidArgument("class label \(bad) is not a digit 0...9")
        }
        var stream = RandomStream(seed: seed, streamNamed: "sample/class")
        return try denoiser.sampleDDPM(count: labels.count, guidance: .cfg(labels.map { .label($0) }, scale: gamma),
                                       recordAt: recordAt, noise: { stream.normalTensor(shape: $0) })
    }

    /// The course's grid order: 4 rows × 10 columns, column k = digit k (labels 0…9 repeated `rows` times).
    public static func gridLabels(rows: Int = 4) -> [Int] {
        (0..<rows).flatMap { _ in Array(0...9) }
    }
}
