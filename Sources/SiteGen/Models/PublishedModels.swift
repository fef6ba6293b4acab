import Compute
import Foundation

/// The trained models that ship with the repository (`models/`): one safetensors file per (model, epoch) the
/// figures need, holding the trained fp32 weights bit for bit under PyTorch's names, with the whole training
/// record in its metadata (`PublishedMetadata`); a card per model (`ModelCard`); and `index.json`, which lists
/// every file with its SHA-256, so a damaged or replaced file is detected before it is trusted.
public struct PublishedModels: Sendable {
    public let directory: String
    public private(set) var entries: [Entry]

    /// One published file, as listed in `index.json`.
    public struct Entry: Codable, Sendable, Equatable {
        public var file: String
        public var kind: ModelKind
        public var profile: String
        public var configHash: String
        public var epoch: Int
        public var sha256: String
        public var bytes: Int
    }

    struct Index: Codable {
        var models: [Entry]
    }

    public static let indexName = "index.json"
    public var indexPath: String { (directory as NSString).appendingPathComponent(Self.indexName) }

    /// Reads `index.json`; a folder without one holds no models (a fresh project).
    public init(directory: String) throws {
        self.directory = directory
        let path = (directory as NSString).appendingPathComponent(Self.indexName)
        guard FileManager.default.fileExists(atPath: path) else {
            entries = []
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelStoreError("\(path): cannot read the published models' index")
        }
        do {
            entries = try JSONDecoder().decode(Index.self, from: data).models
        } catch {
            throw ModelStoreError("\(path): not a valid index of published models (\(error)); restore it with `git checkout \(path)`")
        }
    }

    public func path(_ entry: Entry) -> String { (directory as NSString).appendingPathComponent(entry.file) }

    public func entry(configHash: String, epoch: Int) -> Entry? {
        entries.first { $0.configHash == configHash && $0.epoch == epoch }
    }

    /// The published model for `config` after `epoch`, or an error saying what is published and how to get it.
    public func resolve(_ config: TrainingConfig, epoch: Int, profile: Profile) throws -> ModelRef {
        guard let entry = entry(configHash: config.hash, epoch: epoch) else {
            let others = entries.filter { $0.kind == config.kind }
                .map { "epoch \($0.epoch) of config \($0.configHash.prefix(12)) (\($0.profile))" }
            throw ModelStoreError("the \(profile.rawValue) profile needs the \(config.kind.rawValue) model after epoch \(epoch) "
                + "(config hash \(config.hash.prefix(12))), which \(directory)/ does not hold"
                + (others.isEmpty ? "" : " (it has \(others.joined(separator: ", ")))")
                + "; train it with `sitegen build --profile \(profile.rawValue) --retrain` (or `sitegen train --profile "
                + "\(profile.rawValue) --model \(ModelName.name(config.kind))`), then `sitegen models publish`")
        }
        return ModelRef(config: config, epoch: epoch, origin: .published(sha256: entry.sha256))
    }

    /// Loads a published file after checking its SHA-256 against the index, its header, and that its metadata
    /// names the same model; the weights are loaded strictly into a fresh network of the config.
    public func load(_ ref: ModelRef) throws -> (model: DigitModel, metadata: PublishedMetadata) {
        guard case .published(let sha) = ref.origin, let entry = entry(configHash: ref.config.hash, epoch: ref.epoch),
              entry.sha256 == sha else {
            throw ModelStoreError("\(ref) is not in \(indexPath)")
        }
        return try verified(entry, config: ref.config)
    }

    /// Every check `models check` runs on one file; returns the loaded model and its metadata.
    public func verified(_ entry: Entry, config expected: TrainingConfig? = nil) throws -> (model: DigitModel, metadata: PublishedMetadata) {
        let path = path(entry)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ModelStoreError("\(path): published model file is missing; restore it with `git checkout \(path)`")
        }
        let digest = Hashing.sha256Hex(bytes)
        guard digest == entry.sha256, bytes.count == entry.bytes else {
            throw ModelStoreError("\(path): SHA-256 \(digest.prefix(12))… (\(bytes.count) bytes) does not match the index's "
                + "\(entry.sha256.prefix(12))… (\(entry.bytes) bytes): the file is damaged or was replaced; restore it with "
                + "`git checkout \(path)` or publish it again")
        }
        let file: SafeTensorsFile
        do {
            file = try SafeTensors.decode([UInt8](bytes), source: path)
        } catch {
            throw ModelStoreError("\(path): not a readable safetensors file: \(error)")
        }
        let metadata = try PublishedMetadata(file.metadata, source: path)
        guard metadata.config.hash == entry.configHash, metadata.epoch == entry.epoch, metadata.config.kind == entry.kind else {
            throw ModelStoreError("\(path): its metadata describes \(metadata.config.kind.rawValue) epoch \(metadata.epoch) of config "
                + "\(metadata.config.hash.prefix(12)), the index lists \(entry.kind.rawValue) epoch \(entry.epoch) of \(entry.configHash.prefix(12))")
        }
        if let expected, expected.hash != metadata.config.hash {
            throw ModelStoreError("\(path): trained with config \(metadata.config.hash.prefix(12)), needed \(expected.hash.prefix(12))")
        }
        let model = DigitModel(config: metadata.config)
        try model.module.loadStateDict(file.tensors, source: path)
        model.module.eval()
        return (model, metadata)
    }

    /// Adds or replaces the entry for `file` (already written into the folder) and rewrites the index.
    mutating func record(_ entry: Entry) throws {
        entries.removeAll { $0.file == entry.file || ($0.configHash == entry.configHash && $0.epoch == entry.epoch) }
        entries.append(entry)
        entries.sort { ($0.kind.rawValue, $0.configHash, $0.epoch) < ($1.kind.rawValue, $1.configHash, $1.epoch) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write([UInt8](try encoder.encode(Index(models: entries))) + [0x0A], to: indexPath)
    }
}

/// A problem with the run store or the published models, said in words with the file and what to do.
public struct ModelStoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The command-line names of the model kinds (`--model class`).
public enum ModelName {
    public static let all: [(name: String, kind: ModelKind)] = [
        ("class", .classConditioned), ("classifier", .classifier), ("time", .time), ("denoiser", .denoiser),
    ]

    public static func name(_ kind: ModelKind) -> String { all.first { $0.kind == kind }!.name }

    public static func kind(_ name: String) throws -> ModelKind {
        guard let kind = all.first(where: { $0.name == name })?.kind else {
            throw ModelStoreError("unknown model `\(name)`; expected one of \(all.map(\.name).joined(separator: ", "))")
        }
        return kind
    }
}
