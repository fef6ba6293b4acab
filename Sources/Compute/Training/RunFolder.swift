import Foundation

/// One training run on disk: `<root>/<kind>-<first 12 hex of the config hash>/` holding `config.json` and,
/// per completed epoch e, `epoch-000e.safetensors` (model, PyTorch names), `epoch-000e.optim.safetensors`
/// (Adam moments, lr, scheduler position) and `epoch-000e.state.json` (written last; see `TrainingState`).
/// `partial.*` is the same trio for the newest mid-epoch checkpoint, so a killed run loses minutes, not an
/// epoch; it is overwritten as the epoch goes on and deleted once the epoch's own checkpoint is written.
/// A folder per config hash means changed settings start a fresh run beside the old one.
public struct RunFolder: Sendable {
    public let path: String
    public let config: TrainingConfig

    public init(root: String, config: TrainingConfig) {
        self.config = config
        path = root + "/" + config.kind.rawValue + "-" + String(config.hash.prefix(12))
    }

    public func modelPath(epoch: Int) -> String { path + "/" + name(epoch) + ".safetensors" }
    public func optimizerPath(epoch: Int) -> String { Checkpoint.optimizerPath(for: modelPath(epoch: epoch)) }
    func statePath(epoch: Int) -> String { path + "/" + name(epoch) + ".state.json" }
    var partialModelPath: String { path + "/partial.safetensors" }
    var partialStatePath: String { path + "/partial.state.json" }
    var configPath: String { path + "/config.json" }

    private func name(_ epoch: Int) -> String { "epoch-" + String(format: "%04d", epoch) }

    /// Creates the folder, or checks that an existing one was made for this very config.
    func prepare() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TrainingError.invalidArgument("cannot create run folder \(path): \(error)")
        }
        if let existing = fm.contents(atPath: configPath) {
            let found = (try? JSONDecoder().decode(TrainingConfig.self, from: existing))?.hash ?? "unreadable config.json"
            guard found == config.hash else {
                throw TrainingError.configMismatch(folder: path, expectedHash: config.hash, foundHash: found)
            }
        } else {
            try AtomicFile.write([UInt8](config.canonicalJSON()), to: configPath)
        }
    }

    /// Epochs with a state file, newest first (not yet verified).
    func recordedEpochs() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("epoch-"), name.hasSuffix(".state.json") else { return nil }
            return Int(name.dropFirst("epoch-".count).dropLast(".state.json".count))
        }.sorted(by: >)
    }

    /// The state of `epoch` if its files are complete and belong to this config; nil if incomplete.
    func verifiedState(epoch: Int) throws -> TrainingState? {
        guard let state = try verified(stateFile: statePath(epoch: epoch), modelFile: modelPath(epoch: epoch)),
              state.epoch == epoch, state.step == nil else { return nil }
        return state
    }

    /// The mid-epoch checkpoint if its files are complete and belong to this config; nil if there is none.
    func verifiedPartial() throws -> TrainingState? {
        guard let state = try verified(stateFile: partialStatePath, modelFile: partialModelPath),
              let step = state.step, step > 0 else { return nil }
        return state
    }

    private func verified(stateFile: String, modelFile: String) throws -> TrainingState? {
        guard let state = try? TrainingState.read(path: stateFile) else { return nil }
        guard state.configHash == config.hash else {
            throw TrainingError.configMismatch(folder: path, expectedHash: config.hash, foundHash: state.configHash)
        }
        guard fileSHA256(modelFile) == state.modelSHA256,
              fileSHA256(Checkpoint.optimizerPath(for: modelFile)) == state.optimizerSHA256 else {
            // Whole files that are not the ones recorded: a save killed between its files, so an older checkpoint
            // is the resume point. A file that does not even parse is damage (files are written atomically): a
            // truncated checkpoint used to restart the run from an earlier step without a word.
            try checkReadable(modelFile)
            try checkReadable(Checkpoint.optimizerPath(for: modelFile))
            return nil
        }
        return state
    }

    private func checkReadable(_ file: String) throws {
        do {
            _ = try SafeTensors.read(path: file)
        } catch {
            throw TrainingError.damagedCheckpoint(file: file, folder: path, problem: "\(error)")
        }
    }

    /// Loads a checkpoint whose hashes matched; a failure (the file changed since, or a damaged header that
    /// happens to hash right) names the file and says how to retrain.
    func load(_ file: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw TrainingError.damagedCheckpoint(file: file, folder: path, problem: "\(error)")
        }
    }

    /// The newest epoch whose checkpoint is complete.
    func latestComplete() throws -> TrainingState? {
        for epoch in recordedEpochs() {
            if let state = try verifiedState(epoch: epoch) { return state }
        }
        return nil
    }

    /// Where a resumed run starts: the newest complete checkpoint, mid-epoch or not, with the model file to load.
    func resumePoint() throws -> (state: TrainingState, modelFile: String)? {
        let whole = try latestComplete().map { (state: $0, modelFile: modelPath(epoch: $0.epoch)) }
        guard let partial = try verifiedPartial() else { return whole }
        if let whole, whole.state.epoch > partial.epoch { return whole }
        return (partial, partialModelPath)
    }

    /// Epochs whose checkpoints are complete and loadable, oldest first.
    public func completedEpochs() -> [Int] {
        recordedEpochs().filter { (try? verifiedState(epoch: $0)) != nil }.sorted()
    }

    func save(epoch: Int, model: Module, optimizer: Adam, scheduler: ExponentialLR, losses: [Float],
              provenance: RunProvenance) throws {
        try write(epoch: epoch, step: nil, losses: losses, model: model, optimizer: optimizer, scheduler: scheduler,
                  provenance: provenance, modelFile: modelPath(epoch: epoch), stateFile: statePath(epoch: epoch))
    }

    /// Saves a mid-epoch checkpoint: `epoch` epochs done, then `step` steps of the next.
    func savePartial(epoch: Int, step: Int, model: Module, optimizer: Adam, scheduler: ExponentialLR, losses: [Float],
                     provenance: RunProvenance) throws {
        try write(epoch: epoch, step: step, losses: losses, model: model, optimizer: optimizer, scheduler: scheduler,
                  provenance: provenance, modelFile: partialModelPath, stateFile: partialStatePath)
    }

    /// Deletes the mid-epoch checkpoint.
    func removePartial() { remove(stateFile: partialStatePath, modelFile: partialModelPath) }

    private func write(epoch: Int, step: Int?, losses: [Float], model: Module, optimizer: Adam,
                       scheduler: ExponentialLR, provenance: RunProvenance, modelFile: String, stateFile: String) throws {
        var metadata = ["epoch": String(epoch), "config_hash": config.hash, "kind": config.kind.rawValue]
        if let step { metadata["step"] = String(step) }
        try Checkpoint.save(model: model, optimizer: optimizer, scheduler: scheduler, metadata: metadata, to: modelFile)
        guard let modelHash = fileSHA256(modelFile), let optimizerHash = fileSHA256(Checkpoint.optimizerPath(for: modelFile)) else {
            throw TrainingError.unreadableState(path: modelFile, problem: "checkpoint vanished right after writing")
        }
        let state = TrainingState(configHash: config.hash, epoch: epoch, step: step, losses: losses,
                                  modelSHA256: modelHash, optimizerSHA256: optimizerHash,
                                  trainingSeconds: provenance.seconds, trainedBy: provenance.trainedBy)
        try AtomicFile.write(try state.encoded(), to: stateFile)
    }

    /// Deletes one checkpoint's files, state file first, so a half-deleted checkpoint is never taken for complete.
    private func remove(stateFile: String, modelFile: String) {
        for file in [stateFile, modelFile, Checkpoint.optimizerPath(for: modelFile)] {
            try? FileManager.default.removeItem(atPath: file)
        }
    }

    /// Deletes checkpoints of epochs before `latest` that are not in `keepEpochs`.
    func prune(latest: Int) {
        for epoch in recordedEpochs() where epoch < latest && !config.keepEpochs.contains(epoch) {
            remove(stateFile: statePath(epoch: epoch), modelFile: modelPath(epoch: epoch))
        }
    }
}
