import Compute
import Foundation

/// Reads Part A's images back as prompts of their backend, so a figure states the effect it shows as a measured
/// rate ("the classifier reads 18 of 20 as class 6") instead of a claim. The digit backend's judge is Part B's
/// evaluation classifier; DeepFloyd IF has none here, and its captions say the figures are judged by eye.
struct PartAJudge {
    /// How captions name it.
    var name: String
    /// The prompt each image reads as: [N, channels, size, size] in [0, 1], the model's size.
    var read: (Tensor) throws -> [String]

    /// A judge as a backend holds it: its identity for cache keys, and how a build gets it.
    struct Source: Sendable {
        var input: FigureInput
        var make: @Sendable (FigureContext) throws -> PartAJudge

        /// Part B's evaluation classifier `ref`, loaded from the build's model store: a digit is read as the class
        /// with the largest logit ("0" … "9").
        static func classifier(_ ref: ModelRef) -> Source {
            Source(input: ref.figureInput) { context in
                let network = try context.models().classifier(ref)
                return PartAJudge(name: "sitegen's MNIST classifier") { images in
                    Evaluation.samplePredictions(images, classifier: network).map(String.init)
                }
            }
        }
    }

    /// Whether each of `images` reads as its `expected` prompt.
    func hits(_ images: Tensor, expected: [String]) throws -> [Bool] {
        let reads = try read(images)
        guard reads.count == expected.count else {
            throw FigureError(figure: "-", "the judge read \(reads.count) images for \(expected.count) expected prompts")
        }
        return zip(reads, expected).map { $0 == $1 }
    }
}

/// A measured rate: `hits` of `total` judgements. Stored in figure data as a `*_rate` array (the fraction) with a
/// `*_rate_n` companion (the number of judgements), which `verify` uses to size its tolerance.
struct JudgedRate: Equatable {
    var hits: Int
    var total: Int

    init(hits: Int, total: Int) {
        self.hits = hits
        self.total = total
    }

    init(_ judgements: [Bool]) {
        self.init(hits: judgements.filter { $0 }.count, total: judgements.count)
    }

    /// A seed-major batch of `entries` (entry g of seed s at `s · entries.count + g`), the order `perGroup` reads.
    static func seedMajor<T>(_ entries: [T], seeds: Int) -> [T] {
        Array(repeating: entries, count: seeds).flatMap { $0 }
    }

    /// Where entry `entry` of noise `seed` sits in a seed-major batch of `entries` per seed.
    static func seedMajorIndex(entry: Int, seed: Int, entries: Int) -> Int { seed * entries + entry }

    /// One rate per group of a seed-major batch (image `seed · groups + g` belongs to group g): a pair's or a
    /// prompt's judgements over all its noises.
    static func perGroup(_ hits: [Bool], groups: Int) -> [JudgedRate] {
        (0..<groups).map { g in JudgedRate(stride(from: g, to: hits.count, by: groups).map { hits[$0] }) }
    }

    var fraction: Float { total == 0 ? 0 : Float(hits) / Float(total) }

    /// "17 of 20 (85 %)".
    var description: String { "\(hits) of \(total) (\(Int((Double(fraction) * 100).rounded())) %)" }

    /// The two arrays that store `rates` under `name`.
    static func arrays(_ name: String, _ rates: [JudgedRate]) -> [(name: String, tensor: Tensor)] {
        [(name + "_rate", Tensor(shape: [rates.count], data: rates.map(\.fraction))),
         (name + "_rate_n", Tensor(shape: [rates.count], data: rates.map { Float($0.total) }))]
    }

    /// The rates stored under `name`, or nil when the data has none (a backend without a judge).
    static func read(_ name: String, from data: FigureData) -> [JudgedRate]? {
        guard let rates = data[name + "_rate"], let counts = data[name + "_rate_n"], rates.count == counts.count else { return nil }
        return zip(rates.data, counts.data).map { rate, n in
            JudgedRate(hits: Int((rate * n).rounded()), total: Int(n))
        }
    }
}
