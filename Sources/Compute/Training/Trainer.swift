import Foundation

/// One progress report, sent after every optimizer step (the caller draws the bar; Compute never prints).
public struct TrainingProgress: Sendable {
    /// 1-based epoch being trained, of `epochs`.
    public var epoch: Int
    public var epochs: Int
    /// 1-based step within the epoch, of `stepsPerEpoch`.
    public var step: Int
    public var stepsPerEpoch: Int
    public var loss: Float
    /// Images per second over this epoch so far (since the resumed step, in the epoch a run resumed in).
    public var imagesPerSecond: Double
}

/// What a finished (or stopped) run leaves: the trained model in eval mode and the whole loss history.
public struct TrainingRun {
    public var config: TrainingConfig
    public var folder: RunFolder
    public var model: DigitModel
    /// One loss per optimizer step, from the first step of epoch 1.
    public var losses: [Float]
    /// Epochs already on disk when this call started (0 = fresh run).
    public var resumedAfterEpoch: Int
    /// Epochs completed when this call returned.
    public var epochsDone: Int
    /// True when `shouldStop` ended the run early; its mid-epoch checkpoint (if any) resumes it.
    public var stopped: Bool = false
}

/// Trains one `TrainingConfig` on MNIST's training split, checkpointing atomically after every epoch (and every
/// few minutes within one) and resuming from the newest complete checkpoint, so an interrupted run ends with
/// exactly the weights an uninterrupted one would (all randomness comes from `TrainingDraws`, addressed by
/// epoch and step, and nothing else carries over from step to step but the model and optimizer state).
public struct Trainer {
    public let config: TrainingConfig
    public let data: MNIST
    public let folder: RunFolder

    /// Runs live in `<runsDirectory>/<kind>-<hash12>/`.
    /// What this process records as the software that trained (e.g. "sitegen 1a2b3c4d5e6f"); see `TrainingState.trainedBy`.
    public var software: String

    public init(config: TrainingConfig, data: MNIST, runsDirectory: String, software: String = "unrecorded") {
        self.config = config
        self.data = data
        self.software = software
        folder = RunFolder(root: runsDirectory, config: config)
    }

    /// True when the final epoch's checkpoint is on disk (a later `run` would only load it).
    public var isComplete: Bool { folder.completedEpochs().contains(config.epochs) }

    /// Optimizer steps held by the checkpoint a run would resume from (0 = it would start afresh).
    public func stepsOnDisk() throws -> Int { try folder.resumePoint()?.state.losses.count ?? 0 }

    /// Trains up to `untilEpoch` (default: all epochs), resuming if the folder holds a checkpoint.
    /// - Parameters:
    ///   - checkpointEvery: a mid-epoch checkpoint is written after the first step this long after the last one;
    ///     the time only decides how much work a crash can lose, never what the run computes.
    ///   - shouldStop: asked after every step; on true the run writes a checkpoint and returns with `stopped`.
    public func run(untilEpoch: Int? = nil, checkpointEvery: Duration = .seconds(300),
                    shouldStop: (() -> Bool)? = nil,
                    progress: ((TrainingProgress) -> Void)? = nil) throws -> TrainingRun {
        try config.validate()
        let available = data.count(.train)
        guard available >= config.batchSize else {
            throw TrainingError.notEnoughData(needed: config.batchSize, available: available)
        }
        try folder.prepare()
        let lock = try RunLock(folder: folder.path)
        defer { withExtendedLifetime(lock) {} }
        let schedule = try NoiseSchedule.linear(T: config.T, betaStart: config.betaStart, betaEnd: config.betaEnd)
        let draws = TrainingDraws(config: config)
        let model = DigitModel(config: config)
        let module = model.module
        let adam = Adam(module, lr: config.learningRate)
        let scheduler = ExponentialLR(adam, gamma: config.lrGamma)

        let steps = config.stepsPerEpoch(available: available)
        var losses: [Float] = []
        var start = 0, firstStep = 0
        var provenance = RunProvenance(seconds: 0, trainedBy: [software])
        if let (state, modelFile) = try folder.resumePoint() {
            let step = state.step ?? 0
            guard step < steps, state.losses.count == state.epoch * steps + step else {
                throw TrainingError.unreadableState(path: modelFile, problem: "its state (\(state.losses.count) losses after "
                    + "epoch \(state.epoch), step \(step)) does not fit \(steps)-step epochs; delete the folder to retrain")
            }
            try folder.load(modelFile) { try Checkpoint.load(into: module, optimizer: adam, scheduler: scheduler, from: modelFile) }
            losses = state.losses
            provenance = RunProvenance(resuming: state, software: software)
            start = state.epoch
            firstStep = step
        }
        let end = min(untilEpoch ?? config.epochs, config.epochs)
        let clock = ContinuousClock()
        var lastSave = clock.now
        var lastTick = clock.now
        func tick() {
            let now = clock.now
            provenance.seconds += Self.seconds(now - lastTick)
            lastTick = now
        }
        var done = start, stopped = false
        module.train()
        training: for epoch in start..<end {
            let order = draws.shuffle(available, epoch: epoch)
            let began = clock.now
            let first = epoch == start ? firstStep : 0
            for step in first..<steps {
                let indices = Array(order[(step * config.batchSize)..<((step + 1) * config.batchSize)])
                let batch = try TrainingBatch.make(config: config, schedule: schedule,
                                                   images: data.images(.train, indices: indices),
                                                   labels: data.labels(.train, indices: indices),
                                                   draws: draws, epoch: epoch, step: step)
                let loss = Self.step(model, batch, adam)
                losses.append(loss)
                if let progress {
                    let seconds = Self.seconds(clock.now - began)
                    progress(TrainingProgress(epoch: epoch + 1, epochs: config.epochs, step: step + 1,
                                              stepsPerEpoch: steps, loss: loss,
                                              imagesPerSecond: Double((step + 1 - first) * config.batchSize) / max(seconds, 1e-9)))
                }
                stopped = shouldStop?() ?? false
                let inEpoch = step + 1 < steps
                if inEpoch, stopped || clock.now - lastSave >= checkpointEvery {
                    tick()
                    try folder.savePartial(epoch: epoch, step: step + 1, model: module, optimizer: adam,
                                           scheduler: scheduler, losses: losses, provenance: provenance)
                    lastSave = clock.now
                }
                if stopped && inEpoch { break training }
            }
            scheduler.step()
            tick()
            try folder.save(epoch: epoch + 1, model: module, optimizer: adam, scheduler: scheduler, losses: losses,
                            provenance: provenance)
            folder.prune(latest: epoch + 1)
            folder.removePartial()
            lastSave = clock.now
            done = epoch + 1
            if stopped { break }
        }
        module.eval()
        return TrainingRun(config: config, folder: folder, model: model, losses: losses,
                           resumedAfterEpoch: start, epochsDone: done, stopped: stopped)
    }

    /// The model as saved after `epoch` (one of the kept epochs, or the latest), in eval mode.
    public func loadModel(epoch: Int) throws -> DigitModel {
        guard (try folder.verifiedState(epoch: epoch)) != nil else {
            throw TrainingError.missingCheckpoint(folder: folder.path, epoch: epoch)
        }
        let model = DigitModel(config: config)
        try folder.load(folder.modelPath(epoch: epoch)) { try Checkpoint.load(into: model.module, from: folder.modelPath(epoch: epoch)) }
        model.module.eval()
        return model
    }

    /// Training seconds and software recorded with `epoch`'s checkpoint.
    public func provenance(epoch: Int) throws -> RunProvenance {
        guard let state = try folder.verifiedState(epoch: epoch) else {
            throw TrainingError.missingCheckpoint(folder: folder.path, epoch: epoch)
        }
        return RunProvenance(seconds: state.trainingSeconds ?? .nan, trainedBy: state.trainedBy ?? [])
    }

    /// The loss history stored with `epoch`'s checkpoint.
    public func losses(epoch: Int) throws -> [Float] {
        guard let state = try folder.verifiedState(epoch: epoch) else {
            throw TrainingError.missingCheckpoint(folder: folder.path, epoch: epoch)
        }
        return state.losses
    }

    /// Forward, backward and one Adam update; returns the batch loss.
    static func step(_ model: DigitModel, _ batch: TrainingBatch, _ adam: Adam) -> Float {
        model.module.zeroGrad()
        let graph = Graph()
        let loss = model.loss(batch, in: graph)
        graph.backward(from: loss)
        adam.update()
        return loss.value.data[0]
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, attoseconds) = d.components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
