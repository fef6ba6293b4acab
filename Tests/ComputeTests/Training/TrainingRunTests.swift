import Foundation
import Testing
@testable import Compute

@Suite(.serialized) struct TrainingRunTests {
    @Test func tinyDenoiserRunLowersItsLossAndKeepsOnlyTheLatestCheckpoint() throws {
        let data = try mnistSubset(train: 300)
        let root = temporaryFolder("tiny")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = tinyConfig(.denoiser, epochs: 3)
        var reports: [TrainingProgress] = []
        let run = try Trainer(config: config, data: data, runsDirectory: root).run { reports.append($0) }

        #expect(run.losses.count == 3 * 8)
        #expect(reports.count == 24)
        #expect(reports.last.map { ($0.epoch, $0.step, $0.stepsPerEpoch) } ?? (0, 0, 0) == (3, 8, 8))
        #expect(reports.allSatisfy { $0.imagesPerSecond > 0 && $0.loss.isFinite })
        let first = run.losses.prefix(4).reduce(0, +) / 4, last = run.losses.suffix(4).reduce(0, +) / 4
        #expect(last < 0.8 * first, "loss went from \(first) to \(last)")
        #expect(run.folder.completedEpochs() == [3])
    }

    @Test func resumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws {
        let data = try mnistSubset(train: 300)
        let config = tinyConfig(.classConditioned, epochs: 2)
        let straight = temporaryFolder("straight"), resumed = temporaryFolder("resumed")
        defer { for f in [straight, resumed] { try? FileManager.default.removeItem(atPath: f) } }

        let reference = try Trainer(config: config, data: data, runsDirectory: straight).run()
        let crashed = try Trainer(config: config, data: data, runsDirectory: resumed).run(untilEpoch: 1)
        #expect(crashed.epochsDone == 1)
        let continued = try Trainer(config: config, data: data, runsDirectory: resumed).run()

        #expect(continued.resumedAfterEpoch == 1)
        #expect(continued.losses == reference.losses)
        #expect(weights(continued.model) == weights(reference.model))
        let optimizer = { (folder: RunFolder) in try SafeTensors.read(path: folder.optimizerPath(epoch: 2)) }
        #expect(try optimizer(continued.folder).tensors.map(\.tensor) == optimizer(reference.folder).tensors.map(\.tensor))
        #expect(try optimizer(continued.folder).metadata == optimizer(reference.folder).metadata)
    }

    @Test func aRunStoppedMidEpochResumesThereWithTheWeightsOfAnUninterruptedOne() throws {
        let data = try mnistSubset(train: 300)
        let config = tinyConfig(.classConditioned, epochs: 2)
        let straight = temporaryFolder("straight-mid"), resumed = temporaryFolder("resumed-mid")
        defer { for f in [straight, resumed] { try? FileManager.default.removeItem(atPath: f) } }
        let reference = try Trainer(config: config, data: data, runsDirectory: straight).run()

        var asked = 0
        let trainer = Trainer(config: config, data: data, runsDirectory: resumed)
        let first = try trainer.run(checkpointEvery: .seconds(3600), shouldStop: { asked += 1; return asked == 11 })
        #expect((first.stopped, first.epochsDone, first.losses.count) == (true, 1, 11))
        #expect(try trainer.stepsOnDisk() == 11)
        #expect(first.folder.completedEpochs() == [1])

        var reports: [TrainingProgress] = []
        let second = try trainer.run { reports.append($0) }
        #expect(reports.first.map { ($0.epoch, $0.step) } ?? (0, 0) == (2, 4))
        #expect((second.stopped, second.resumedAfterEpoch, second.epochsDone) == (false, 1, 2))
        #expect(second.losses == reference.losses)
        #expect(weights(second.model) == weights(reference.model))
        #expect(!FileManager.default.fileExists(atPath: second.folder.partialStatePath), "the finished epoch replaces it")
        // The state records the same run (losses, checkpoint hashes, position); only the training seconds, which
        // measure this machine's time, may differ, and both runs recorded some.
        var resumedState = try TrainingState.read(path: second.folder.statePath(epoch: 2))
        var referenceState = try TrainingState.read(path: reference.folder.statePath(epoch: 2))
        #expect((resumedState.trainingSeconds ?? 0) > 0 && (referenceState.trainingSeconds ?? 0) > 0)
        resumedState.trainingSeconds = nil
        referenceState.trainingSeconds = nil
        #expect(resumedState == referenceState)
        #expect(resumedState.trainedBy == ["unrecorded"])
    }

    @Test func checkpointsWrittenAfterEveryStepChangeNothingButAreThereToResumeFrom() throws {
        let data = try mnistSubset(train: 300)
        let config = tinyConfig(.time, epochs: 1)
        let straight = temporaryFolder("straight-often"), often = temporaryFolder("often")
        defer { for f in [straight, often] { try? FileManager.default.removeItem(atPath: f) } }
        let reference = try Trainer(config: config, data: data, runsDirectory: straight).run()

        let folder = RunFolder(root: often, config: config)
        var partialSteps: [Int?] = []
        let run = try Trainer(config: config, data: data, runsDirectory: often).run(checkpointEvery: .zero) { _ in
            partialSteps.append(try? folder.verifiedPartial()?.step)
        }
        // Reported before the step's checkpoint, so report k sees the checkpoint of step k - 1.
        #expect(partialSteps == [nil] + (1..<8).map { Optional($0) })
        #expect(weights(run.model) == weights(reference.model))
        #expect(try folder.verifiedPartial() == nil)
    }

    /// Issue 21: a damaged checkpoint used to be skipped without a word (the run restarted from an earlier step).
    /// Files are written atomically, so one that does not parse is damage: an error naming it and the remedy.
    @Test func aCorruptMidEpochCheckpointIsNamedAndDeletingItResumesFromTheLastEpoch() throws {
        let data = try mnistSubset(train: 300)
        let config = tinyConfig(.denoiser, epochs: 2)
        let root = temporaryFolder("corrupt-partial")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trainer = Trainer(config: config, data: data, runsDirectory: root)
        var asked = 0
        _ = try trainer.run(shouldStop: { asked += 1; return asked == 8 + 5 })
        #expect(try trainer.stepsOnDisk() == 8 + 5)

        let partial = trainer.folder.partialModelPath
        let bytes = try #require(FileManager.default.contents(atPath: partial))
        try bytes.prefix(bytes.count - 4).write(to: URL(fileURLWithPath: partial))
        let error = try #require(throws: TrainingError.self) { try trainer.stepsOnDisk() }
        guard case let .damagedCheckpoint(file, folder, _) = error else { Issue.record("\(error)"); return }
        #expect(file == partial && folder == trainer.folder.path)
        #expect("\(error)".contains("delete \(folder)/partial.* to resume from the last whole epoch"))
        for name in ["partial.safetensors", "partial.optim.safetensors", "partial.state.json"] {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        #expect(try trainer.stepsOnDisk() == 8)
    }

    @Test func aTruncatedCheckpointIsNamedAndDeletingTheRunFolderRetrainsTheSameWeights() throws {
        let data = try mnistSubset(train: 300)
        let config = tinyConfig(.time, epochs: 2, keep: [1])
        let root = temporaryFolder("truncated")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let reference = try Trainer(config: config, data: data, runsDirectory: root).run()

        let folder = RunFolder(root: root, config: config)
        let bytes = try #require(FileManager.default.contents(atPath: folder.modelPath(epoch: 2)))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: folder.modelPath(epoch: 2)))
        #expect(folder.completedEpochs() == [1])
        let error = try #require(throws: TrainingError.self) { try Trainer(config: config, data: data, runsDirectory: root).run() }
        #expect("\(error)".hasPrefix("checkpoint \(folder.modelPath(epoch: 2)) is damaged ("))
        #expect("\(error)".hasSuffix("delete the run folder \(folder.path) and the model is retrained from scratch"))

        try FileManager.default.removeItem(atPath: folder.path)
        let again = try Trainer(config: config, data: data, runsDirectory: root).run()
        #expect(again.resumedAfterEpoch == 0)
        #expect(weights(again.model) == weights(reference.model))
        #expect(folder.completedEpochs() == [1, 2])
    }

    @Test func keptEpochsCanBeLoadedAndOthersAreGone() throws {
        let data = try mnistSubset(train: 300)
        let config = tinyConfig(.denoiser, epochs: 3, keep: [1])
        let root = temporaryFolder("keep")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trainer = Trainer(config: config, data: data, runsDirectory: root)
        let run = try trainer.run()
        #expect(trainer.isComplete)
        #expect(run.folder.completedEpochs() == [1, 3])
        #expect(throws: TrainingError.missingCheckpoint(folder: run.folder.path, epoch: 2)) { try trainer.loadModel(epoch: 2) }
        #expect(weights(try trainer.loadModel(epoch: 3)) == weights(run.model))
        #expect(weights(try trainer.loadModel(epoch: 1)) != weights(run.model))
        #expect(try trainer.losses(epoch: 1) == Array(run.losses.prefix(8)))
    }

    @Test func aFolderOfAnotherConfigIsAClearError() throws {
        let data = try mnistSubset(train: 300)
        let root = temporaryFolder("mismatch")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = tinyConfig(.denoiser, epochs: 1)
        var other = config
        other.seed = 99
        #expect(RunFolder(root: root, config: config).path != RunFolder(root: root, config: other).path)
        let folder = RunFolder(root: root, config: config)
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        try other.canonicalJSON().write(to: URL(fileURLWithPath: folder.path + "/config.json"))
        #expect(throws: TrainingError.configMismatch(folder: folder.path, expectedHash: config.hash, foundHash: other.hash)) {
            try Trainer(config: config, data: data, runsDirectory: root).run()
        }
    }

    @Test func aRunFolderInUseIsAClearErrorAndFreeAgainOnceReleased() throws {
        let data = try mnistSubset(train: 300)
        let root = temporaryFolder("in-use")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trainer = Trainer(config: tinyConfig(.denoiser, epochs: 1), data: data, runsDirectory: root)
        try trainer.folder.prepare()
        var other: RunLock? = try RunLock(folder: trainer.folder.path)
        #expect(throws: TrainingError.runInUse(folder: trainer.folder.path)) { try trainer.run() }
        #expect(trainer.folder.completedEpochs() == [])
        _ = other
        other = nil
        #expect(try trainer.run().epochsDone == 1)
    }

    @Test func invalidConfigsAreRejectedByName() {
        var config = tinyConfig(.time, epochs: 1)
        config.imagesPerEpoch = 10
        #expect(throws: TrainingError.invalidConfig(field: "imagesPerEpoch", problem: "10 is less than one batch of 32")) {
            try config.validate()
        }
    }

    @Test func profilesFollowTheCourseInFull() {
        let d = TrainingProfile.full.config(for: .denoiser)
        #expect((d.D, d.batchSize, d.epochs, d.learningRate, d.lrGamma, d.imagesPerEpoch == nil) == (128, 256, 5, 1e-4, 1, true))
        for kind in [ModelKind.time, .classConditioned] {
            let c = TrainingProfile.full.config(for: kind)
            #expect((c.D, c.batchSize, c.epochs, c.learningRate, c.T, c.pUncond) == (64, 128, 20, 1e-3, 300, 0.1))
            #expect(abs(pow(c.lrGamma, 20) - 0.1) < 1e-12)
            #expect(TrainingProfile.full.figureEpochs(for: kind) == (5, 20))
        }
        for profile in TrainingProfile.allCases {
            for kind in ModelKind.allCases {
                let c = profile.config(for: kind)
                #expect(c.keepEpochs.contains(profile.figureEpochs(for: kind).early))
                #expect((try? c.validate()) != nil)
            }
        }
    }
}
