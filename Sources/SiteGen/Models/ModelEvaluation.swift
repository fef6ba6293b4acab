import Compute
import Foundation

/// The quality numbers of one trained model, computed once when it is published (they cost tens of minutes:
/// 1,000 guided samples of 300 steps) and stored in its metadata; the site's evaluation table reads them.
public struct ModelEvaluation: Codable, Sendable, Equatable {
    /// Mean loss of the last `lossWindow` steps of each epoch listed (for the DDPMs 1, 5 and 20 when trained).
    public var epochLosses: [EpochLoss]
    /// Mean loss of the last `lossWindow` steps of the run so far.
    public var finalLoss: Double
    public var lossWindow: Int
    public var classAccuracy: ClassAccuracy?
    public var denoiserTestMSE: DenoiserMSE?
    public var classifierTestAccuracy: Double?

    public struct EpochLoss: Codable, Sendable, Equatable {
        public var epoch: Int
        public var loss: Double
    }

    /// Class-conditioned samples judged by the evaluation classifier.
    public struct ClassAccuracy: Codable, Sendable, Equatable {
        public var samplesPerDigit: Int
        public var gamma: Double
        /// Chunk k of `chunkSize` samples is drawn with seed `seed + k` on the stream "sample/class".
        public var seed: UInt64
        public var chunkSize: Int
        public var correct: Int
        public var total: Int
        /// Correct samples per digit 0-9 (each of `samplesPerDigit`).
        public var correctPerDigit: [Int]
        /// 95 % Wilson interval of the rate.
        public var low: Double
        public var high: Double
        /// The classifier that judged, as its figure identity.
        public var judgedBy: String

        public var rate: Double { Double(correct) / Double(max(total, 1)) }
    }

    public struct DenoiserMSE: Codable, Sendable, Equatable {
        public var sigma: Double
        public var testImages: Int
        public var mse: Double
    }

    public static let lossWindow = 50

    /// Loss numbers only (every kind has them).
    public init(losses: [Float], stepsPerEpoch: Int, epochs: [Int]) {
        lossWindow = Self.lossWindow
        func tailMean(_ end: Int) -> Double {
            let slice = losses[max(0, end - Self.lossWindow)..<end]
            return slice.isEmpty ? .nan : slice.reduce(0.0) { $0 + Double($1) } / Double(slice.count)
        }
        epochLosses = epochs.filter { $0 * stepsPerEpoch <= losses.count }.map { EpochLoss(epoch: $0, loss: tailMean($0 * stepsPerEpoch)) }
        finalLoss = tailMean(losses.count)
    }

    /// Samples `samplesPerDigit` of each digit at guidance `gamma` and has `classifier` read them.
    public static func classAccuracy(of denoiser: DigitDenoiser, classifier: DigitClassifier, judgedBy: String,
                                     samplesPerDigit: Int = 100, gamma: Float = 5, seed: UInt64,
                                     chunkSize: Int = 100, progress: (Int, Int) -> Void = { _, _ in }) throws -> ClassAccuracy {
        let labels = (0..<samplesPerDigit).flatMap { _ in Array(0...9) }
        var correctPerDigit = [Int](repeating: 0, count: 10)
        for (chunk, start) in stride(from: 0, to: labels.count, by: chunkSize).enumerated() {
            let part = Array(labels[start..<min(start + chunkSize, labels.count)])
            let samples = try DigitSampling.sampleClass(denoiser, labels: part, gamma: gamma, seed: seed &+ UInt64(chunk)).x
            for (predicted, wanted) in zip(Evaluation.samplePredictions(samples, classifier: classifier), part) where predicted == wanted {
                correctPerDigit[wanted] += 1
            }
            progress(start + part.count, labels.count)
        }
        let correct = correctPerDigit.reduce(0, +)
        let interval = Evaluation.wilsonInterval(successes: correct, trials: labels.count)
        return ClassAccuracy(samplesPerDigit: samplesPerDigit, gamma: Double(gamma), seed: seed, chunkSize: chunkSize,
                             correct: correct, total: labels.count, correctPerDigit: correctPerDigit,
                             low: interval.low, high: interval.high, judgedBy: judgedBy)
    }
}
