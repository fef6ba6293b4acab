import Compute
import Foundation
import Testing
@testable import SiteGen

/// Published models: a finished run becomes a file in `models/` that holds its weights bit for bit with its
/// whole record, is used only for exactly its configuration, and is refused, by name, when damaged.
@Suite(.serialized) struct PublishedModelsTests {
    static func tiny(_ kind: ModelKind) -> TrainingConfig {
        TrainingConfig(kind: kind, D: kind == .classifier ? 2 : 4, batchSize: 32, epochs: 2, learningRate: 3e-3,
                       lrGamma: 0.5, imagesPerEpoch: 64, T: 10, seed: 11, keepEpochs: [1, 2])
    }

    /// A run store with a finished tiny classifier and class-conditioned run, and both published.
    struct Published {
        let root: String
        let runs: String
        let models: PublishedModels
        let classEntries: [PublishedModels.Entry]
    }

    static func publishTiny(_ name: String = #function) throws -> Published {
        let root = try TestPaths.temporaryDirectory(name)
        let runs = root + "/runs"
        let data = try SharedMNIST.load()
        for kind in [ModelKind.classifier, .classConditioned] {
            _ = try Trainer(config: tiny(kind), data: data, runsDirectory: runs, software: "sitegen test").run()
        }
        var publisher = ModelPublisher(models: try PublishedModels(directory: root + "/models"), runsDirectory: runs,
                                       mnist: SharedMNIST.load)
        publisher.samplesPerDigit = 1
        _ = try publisher.publish(tiny(.classifier), epochs: [2], profile: "test")
        let entries = try publisher.publish(tiny(.classConditioned), epochs: [1, 2], profile: "test", judge: tiny(.classifier))
        return Published(root: root, runs: runs, models: try PublishedModels(directory: root + "/models"), classEntries: entries)
    }

    @Test func publishingWritesTheRunsWeightsBitForBitWithTheirWholeRecord() throws {
        let p = try Self.publishTiny()
        let config = Self.tiny(.classConditioned)
        #expect(p.models.entries.map(\.file).sorted() == [ModelPublisher.fileName(config, epoch: 1), ModelPublisher.fileName(config, epoch: 2),
                                                          ModelPublisher.fileName(Self.tiny(.classifier), epoch: 2)].sorted())
        let trainer = Trainer(config: config, data: try SharedMNIST.load(), runsDirectory: p.runs)
        let ref = try p.models.resolve(config, epoch: 2, profile: .quick)
        let (model, metadata) = try p.models.load(ref)
        let original = try trainer.loadModel(epoch: 2).module.stateDict()
        let published = model.module.stateDict()
        #expect(original.map(\.name) == published.map(\.name))
        for (a, b) in zip(original, published) {
            #expect(a.tensor.data.map(\.bitPattern) == b.tensor.data.map(\.bitPattern), "\(a.name) differs")
        }
        #expect(metadata.config == config)
        #expect(metadata.profile == "test")
        #expect(metadata.epoch == 2 && metadata.steps == 4)
        #expect(metadata.losses == (try trainer.losses(epoch: 2)))
        #expect(metadata.trainedBy == ["sitegen test"])
        #expect(metadata.trainingSeconds > 0 && metadata.imagesPerSecond > 0)
        let strings = metadata.strings
        #expect(strings["config_hash"] == config.hash && strings["arithmetic_revision"] == "\(TrainingConfig.arithmeticRevision)")
        let accuracy = try #require(metadata.evaluation.classAccuracy)
        #expect(accuracy.total == 10 && accuracy.correctPerDigit.count == 10 && accuracy.low <= accuracy.rate && accuracy.rate <= accuracy.high)
        #expect(metadata.evaluation.epochLosses.map(\.epoch) == [1, 2])
        // The early epoch's file holds the history up to its own epoch, and no accuracy (only final epochs are sampled).
        let early = try p.models.load(try p.models.resolve(config, epoch: 1, profile: .quick)).metadata
        #expect(early.losses == Array(metadata.losses.prefix(2)) && early.evaluation.classAccuracy == nil)
        // The card is generated from the same metadata.
        let card = try String(contentsOfFile: p.root + "/models/" + ModelCard.fileName(config), encoding: .utf8)
        #expect(card.contains(config.hash) && card.contains(p.classEntries[1].sha256) && card.contains("ClassConditionalUNet(in_ch=1, D=4"))
    }

    @Test func aPublishedModelIsUsedOnlyForItsOwnConfiguration() throws {
        let p = try Self.publishTiny()
        var other = Self.tiny(.classConditioned)
        other.learningRate = 1e-3
        let message = "\(#expect(throws: ModelStoreError.self) { try p.models.resolve(other, epoch: 2, profile: .full) }!)"
        #expect(message.contains("config hash \(other.hash.prefix(12))") && message.contains("--retrain"), "\(message)")
        #expect(message.contains("it has epoch 1 of config \(Self.tiny(.classConditioned).hash.prefix(12))"), "\(message)")
    }

    @Test func aDamagedFileIsRefusedByName() throws {
        let p = try Self.publishTiny()
        let entry = p.classEntries[1]
        let path = p.models.path(entry)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 3] ^= 0x40   // one bit of one weight
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let ref = try p.models.resolve(Self.tiny(.classConditioned), epoch: 2, profile: .quick)
        let message = "\(#expect(throws: ModelStoreError.self) { try p.models.load(ref) }!)"
        #expect(message.contains(path) && message.contains("does not match the index"), "\(message)")
        // `models check` reports it and fails.
        var options = BuildOptions(root: p.root, runsDirectory: p.runs)
        options.modelsDirectory = p.root + "/models"
        let failed = #expect(throws: ModelsCheckFailed.self) {
            try ModelsReport(options: options, console: .silent, loadMNIST: SharedMNIST.load).check()
        }
        #expect(failed?.lines.contains { $0.hasPrefix("BAD \(entry.file)") } == true)
        #expect(failed?.lines.last == "2 of 3 published files verified")
    }

    @Test func aHeaderThatLiesIsRefusedByName() throws {
        let p = try Self.publishTiny()
        var entry = p.classEntries[0]
        let path = p.models.path(entry)
        let bytes = [UInt8](repeating: 0xFF, count: 16)   // a header length of 2^64 - 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        entry.sha256 = Hashing.sha256Hex(bytes)
        entry.bytes = bytes.count
        var models = p.models
        try models.record(entry)   // even with an index that agrees, the file itself must parse
        let message = "\(#expect(throws: ModelStoreError.self) { try models.verified(entry) }!)"
        #expect(message.contains(path) && message.contains("not a readable safetensors file"), "\(message)")
    }

    @Test func anUnfinishedRunIsNotPublished() throws {
        let root = try TestPaths.temporaryDirectory()
        let config = Self.tiny(.time)
        _ = try Trainer(config: config, data: try SharedMNIST.load(), runsDirectory: root + "/runs").run(untilEpoch: 1)
        var publisher = ModelPublisher(models: try PublishedModels(directory: root + "/models"), runsDirectory: root + "/runs",
                                       mnist: SharedMNIST.load)
        let message = "\(#expect(throws: ModelStoreError.self) { try publisher.publish(config, epochs: [1, 2], profile: "test") }!)"
        #expect(message.contains("finished 1 of 2 epochs"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: root + "/models/index.json"))
    }
}

/// The repository's own `models/`: every published file passes `models check`, and a site built with the
/// full profile has the published models it was built from.
@Suite struct CommittedModelsTests {
    @Test func theCommittedModelsPassTheirCheckAndCoverTheCommittedSite() throws {
        let root = TestPaths.repoRoot
        let manifest = try Manifest.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/site/manifest.json"))),
                                           source: "site/manifest.json")
        let published = try PublishedModels(directory: root + "/models")
        let lines = try ModelsReport(options: BuildOptions(root: root), console: .silent, loadMNIST: SharedMNIST.load).check()
        #expect(lines.last == "\(published.entries.count) of \(published.entries.count) published files verified")
        if manifest.models == "published" {
            #expect(manifest.profile == "full")
            // Every model the full profile's figures need is published.
            let store = try ModelStore(profile: .full, source: .published(published), console: .silent, mnist: SharedMNIST.load)
            #expect(store.unavailable.isEmpty, "\(store.unavailable.map(\.reason))")
        } else {
            #expect(manifest.profile == "quick", "a site built from trained (not published) models is the quick profile's")
        }
    }
}
