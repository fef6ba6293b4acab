import Compute
import Foundation

/// What a published model file records about itself in its safetensors `__metadata__` (strings only, as the
/// format requires; structured values as canonical JSON): enough to know exactly what was trained, by which
/// sitegen, at what cost, and how good it is, without the run that produced it.
public struct PublishedMetadata: Sendable, Equatable {
    public static let formatVersion = 1

    public var profile: String
    public var config: TrainingConfig
    public var epoch: Int
    /// Optimizer steps done when this checkpoint was taken.
    public var steps: Int
    public var trainedBy: [String]
    /// Training seconds of the whole run up to this epoch (NaN when the run did not record them).
    public var trainingSeconds: Double
    /// One loss per optimizer step, from the first step of epoch 1 to this epoch's last.
    public var losses: [Float]
    public var evaluation: ModelEvaluation

    public var kind: ModelKind { config.kind }
    public var imagesPerSecond: Double { Double(steps * config.batchSize) / trainingSeconds }

    public init(profile: String, config: TrainingConfig, epoch: Int, steps: Int, trainedBy: [String],
                trainingSeconds: Double, losses: [Float], evaluation: ModelEvaluation) {
        self.profile = profile
        self.config = config
        self.epoch = epoch
        self.steps = steps
        self.trainedBy = trainedBy
        self.trainingSeconds = trainingSeconds
        self.losses = losses
        self.evaluation = evaluation
    }

    /// The metadata dictionary written into the file.
    public var strings: [String: String] {
        [
            "format": "sitegen-published-model \(Self.formatVersion)",
            "kind": config.kind.rawValue,
            "profile": profile,
            "config": String(decoding: config.canonicalJSON(), as: UTF8.self),
            "config_hash": config.hash,
            "architecture_revision": "\(config.kind.architectureRevision)",
            "arithmetic_revision": "\(TrainingConfig.arithmeticRevision)",
            "epoch": "\(epoch)",
            "steps": "\(steps)",
            "trained_by": trainedBy.joined(separator: "\n"),
            "training_seconds": trainingSeconds.isNaN ? "unrecorded" : String(format: "%.1f", trainingSeconds),
            "images_per_second": trainingSeconds.isNaN ? "unrecorded" : String(format: "%.2f", imagesPerSecond),
            "losses": Self.json(losses),
            "evaluation": Self.json(evaluation),
        ]
    }

    /// Reads the metadata back, naming the file and the field when one is missing or malformed.
    public init(_ strings: [String: String], source: String) throws {
        func field(_ key: String) throws -> String {
            guard let value = strings[key] else {
                throw ModelStoreError("\(source): metadata has no `\(key)`; this is not a published sitegen model")
            }
            return value
        }
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            do {
                let decoder = JSONDecoder()
                decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                return try decoder.decode(T.self, from: Data(try field(key).utf8))
            } catch let error as ModelStoreError {
                throw error
            } catch {
                throw ModelStoreError("\(source): metadata `\(key)` is not valid: \(error)")
            }
        }
        func integer(_ key: String) throws -> Int {
            guard let value = Int(try field(key)) else { throw ModelStoreError("\(source): metadata `\(key)` is not an integer") }
            return value
        }
        guard try field("format") == "sitegen-published-model \(Self.formatVersion)" else {
            throw ModelStoreError("\(source): metadata format `\(strings["format"] ?? "")`, expected sitegen-published-model \(Self.formatVersion)")
        }
        profile = try field("profile")
        config = try decode(TrainingConfig.self, "config")
        guard config.hash == (try field("config_hash")) else {
            throw ModelStoreError("\(source): its config hashes to \(config.hash.prefix(12)) with this sitegen, but the file says "
                + "\(try field("config_hash").prefix(12)) (arithmetic revision \(strings["arithmetic_revision"] ?? "?"), this sitegen's "
                + "\(TrainingConfig.arithmeticRevision)): the model was trained by a sitegen whose numerics differ; retrain it")
        }
        epoch = try integer("epoch")
        steps = try integer("steps")
        trainedBy = try field("trained_by").split(separator: "\n").map(String.init)
        trainingSeconds = Double(try field("training_seconds")) ?? .nan
        losses = try decode([Float].self, "losses")
        evaluation = try decode(ModelEvaluation.self, "evaluation")
        guard losses.count == steps else {
            throw ModelStoreError("\(source): \(losses.count) losses recorded for \(steps) steps")
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
