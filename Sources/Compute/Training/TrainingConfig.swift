import Foundation

/// Which network a run trains and what it learns to predict.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// Part 1.2: UnconditionalUNet maps z = x + σε back to x.
    case denoiser
    /// Part 2.1: TimeConditionalUNet predicts ε from (x_t, t/T).
    case time
    /// Part 2.4: ClassConditionalUNet predicts ε from (x_t, t/T, one-hot c with dropout).
    case classConditioned
    /// The evaluation classifier that scores generated digits (cross-entropy on the labels).
    case classifier

    /// Bumped whenever the network built for this kind changes shape (2: the classifier reads the flattened
    /// 7×7 map instead of its average).
    public var architectureRevision: Int { self == .classifier ? 2 : 1 }
}

/// Everything that determines a training run's result. Its `hash` names the run folder, so changing any
/// field starts a fresh run instead of resuming one trained with other settings.
public struct TrainingConfig: Codable, Equatable, Sendable {
    public var kind: ModelKind
    /// Hidden channels of the UNet (the classifier's first conv width).
    public var D: Int
    public var batchSize: Int
    public var epochs: Int
    public var learningRate: Double
    /// ExponentialLR factor applied after every epoch; 1 means a constant learning rate.
    public var lrGamma: Double
    /// Training images drawn per epoch from that epoch's shuffle of all 60,000; nil uses all of them.
    public var imagesPerEpoch: Int?
    /// Noise level of the single-step denoiser (Part 1.2).
    public var sigma: Double
    /// Number of diffusion steps and the linear β range (Part 2).
    public var T: Int
    public var betaStart: Double
    public var betaEnd: Double
    /// Probability of replacing the class vector by zeros (classifier-free guidance training).
    public var pUncond: Double
    public var seed: UInt64
    /// Epochs whose checkpoints survive; the latest one always does (it is what a resume needs).
    public var keepEpochs: [Int]

    public init(kind: ModelKind, D: Int, batchSize: Int, epochs: Int, learningRate: Double, lrGamma: Double = 1,
                imagesPerEpoch: Int? = nil, sigma: Double = 0.5, T: Int = 300, betaStart: Double = 1e-4,
                betaEnd: Double = 0.02, pUncond: Double = 0.1, seed: UInt64 = 0, keepEpochs: [Int] = []) {
        self.kind = kind
        self.D = D
        self.batchSize = batchSize
        self.epochs = epochs
        self.learningRate = learningRate
        self.lrGamma = lrGamma
        self.imagesPerEpoch = imagesPerEpoch
        self.sigma = sigma
        self.T = T
        self.betaStart = betaStart
        self.betaEnd = betaEnd
        self.pUncond = pUncond
        self.seed = seed
        self.keepEpochs = keepEpochs
    }

    /// Images per epoch actually used, given a training set of `available` images.
    public func images(available: Int) -> Int {
        min(imagesPerEpoch ?? available, available)
    }

    /// Optimizer steps per epoch (the last partial batch is dropped, as a shuffled DataLoader with
    /// drop_last would; with 60,000 images and batch 256 that loses 96 images an epoch).
    public func stepsPerEpoch(available: Int) -> Int {
        images(available: available) / batchSize
    }

    /// Canonical JSON (sorted keys), so equal configs always serialise, and hash, identically.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a struct of plain numbers and strings cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// SHA-256 of the canonical JSON (plus the network's revision once it has changed, and the arithmetic's),
    /// hex; the first 12 characters name the run folder, so a checkpoint of an older network layout, or one
    /// whose weights older kernels computed, is never loaded as if this build had trained it.
    public var hash: String {
        var bytes = canonicalJSON()
        if kind.architectureRevision > 1 { bytes.append(contentsOf: Array("|revision \(kind.architectureRevision)".utf8)) }
        if Self.arithmeticRevision > 1 { bytes.append(contentsOf: Array("|arithmetic \(Self.arithmeticRevision)".utf8)) }
        return Hashing.sha256Hex(bytes)
    }

    /// Raised whenever a kernel change alters training results in their last bits, so cached models are
    /// retrained and the site stays what a fresh clone builds. 2: Winograd F(2x2,3x3) for 3x3 convolutions.
    public static let arithmeticRevision = 2

    /// Problems a user could cause through a config file or flags, reported instead of crashing later.
    public func validate() throws {
        func bad(_ field: String, _ why: String) -> TrainingError { .invalidConfig(field: field, problem: why) }
        if D < 1 { throw bad("D", "must be at least 1, got \(D)") }
        if batchSize < 1 { throw bad("batchSize", "must be at least 1, got \(batchSize)") }
        if epochs < 1 { throw bad("epochs", "must be at least 1, got \(epochs)") }
        if !(learningRate > 0) { throw bad("learningRate", "must be positive, got \(learningRate)") }
        if !(lrGamma > 0 && lrGamma <= 1) { throw bad("lrGamma", "must be in (0, 1], got \(lrGamma)") }
        if let n = imagesPerEpoch, n < batchSize {
            throw bad("imagesPerEpoch", "\(n) is less than one batch of \(batchSize)")
        }
        if T < 2 { throw bad("T", "must be at least 2, got \(T)") }
        if !(pUncond >= 0 && pUncond <= 1) { throw bad("pUncond", "must be in [0, 1], got \(pUncond)") }
        if !(sigma >= 0) { throw bad("sigma", "must be non-negative, got \(sigma)") }
    }
}
