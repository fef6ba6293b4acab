import Compute
import Foundation

/// `sitegen models publish`: copies the checkpoints the figures need out of a finished run into the published
/// folder, bit for bit, with the run's record and its evaluation in the file's metadata, then rewrites the index
/// and the model's card. In-progress checkpoints are refused: only a run's last epoch makes a model.
public struct ModelPublisher {
    public var models: PublishedModels
    public var runsDirectory: String
    public var mnist: () throws -> MNIST
    public var log: (String) -> Void
    /// Guided samples per digit for the class accuracy (100 on the site; tests use fewer).
    public var samplesPerDigit = 100

    public init(models: PublishedModels, runsDirectory: String, mnist: @escaping () throws -> MNIST,
                log: @escaping (String) -> Void = { _ in }) {
        self.models = models
        self.runsDirectory = runsDirectory
        self.mnist = mnist
        self.log = log
    }

    /// Publishes `config`'s run after each of `epochs`. `judge` is the classifier config whose finished run (or
    /// published file) scores the class-conditioned model's samples.
    public mutating func publish(_ config: TrainingConfig, epochs: [Int], profile: String,
                                 judge: TrainingConfig? = nil) throws -> [PublishedModels.Entry] {
        let data = try mnist()
        let trainer = Trainer(config: config, data: data, runsDirectory: runsDirectory)
        guard trainer.isComplete else {
            let done = trainer.folder.completedEpochs().last ?? 0
            throw ModelStoreError("the \(config.kind.rawValue) run \(trainer.folder.path) has finished \(done) of \(config.epochs) "
                + "epochs; finish it with `sitegen train --profile \(profile) --model \(ModelName.name(config.kind))` before publishing")
        }
        var judgement: (classifier: DigitClassifier, identity: String)?
        if config.kind == .classConditioned {
            guard let judge else { throw ModelStoreError("publishing \(config.kind.rawValue) needs the classifier that judges it") }
            judgement = try classifier(judge, profile: profile, data: data)
        }
        var written: [PublishedModels.Entry] = []
        for epoch in epochs.sorted() {
            let model = try trainer.loadModel(epoch: epoch)
            let losses = try trainer.losses(epoch: epoch)
            let provenance = try trainer.provenance(epoch: epoch)
            log("evaluating \(config.kind.rawValue) after epoch \(epoch)")
            let evaluation = try ModelEvaluation.compute(config: config, epoch: epoch, losses: losses, model: model,
                                                         judge: judgement, mnist: data, samplesPerDigit: samplesPerDigit, log: log)
            let metadata = PublishedMetadata(profile: profile, config: config, epoch: epoch, steps: losses.count,
                                             trainedBy: provenance.trainedBy, trainingSeconds: provenance.seconds,
                                             losses: losses, evaluation: evaluation)
            let file = Self.fileName(config, epoch: epoch)
            let path = (models.directory as NSString).appendingPathComponent(file)
            try FileManager.default.createDirectory(atPath: models.directory, withIntermediateDirectories: true)
            try model.module.saveStateDict(to: path, metadata: metadata.strings)
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw ModelStoreError("\(path): vanished right after writing")
            }
            let entry = PublishedModels.Entry(file: file, kind: config.kind, profile: profile, configHash: config.hash,
                                              epoch: epoch, sha256: Hashing.sha256Hex(bytes), bytes: bytes.count)
            try models.record(entry)
            _ = try models.verified(entry, config: config)
            written.append(entry)
            log("published \(path) (\(bytes.count) bytes)")
        }
        try ModelCard.write(for: config, in: models)
        return written
    }

    /// The judging classifier: the published one when it is there, else its finished run.
    private func classifier(_ config: TrainingConfig, profile: String, data: MNIST) throws -> (classifier: DigitClassifier, identity: String) {
        if let entry = models.entry(configHash: config.hash, epoch: config.epochs) {
            let ref = ModelRef(config: config, epoch: config.epochs, origin: .published(sha256: entry.sha256))
            guard case .classifier(let network) = try models.load(ref).model else {
                throw ModelStoreError("\(models.path(entry)) is not a classifier")
            }
            return (network, ref.figureInput.hash)
        }
        let trainer = Trainer(config: config, data: data, runsDirectory: runsDirectory)
        guard trainer.isComplete, case .classifier(let network) = try trainer.loadModel(epoch: config.epochs) else {
            throw ModelStoreError("judging the class-conditioned samples needs the evaluation classifier: train it with "
                + "`sitegen train --profile \(profile) --model classifier` (minutes) or publish it first")
        }
        return (network, ModelRef(config: config, epoch: config.epochs, origin: .trained).figureInput.hash)
    }

    /// `classConditioned-7df1a820d489-epoch20.safetensors`.
    public static func fileName(_ config: TrainingConfig, epoch: Int) -> String {
        "\(config.kind.rawValue)-\(config.hash.prefix(12))-epoch\(String(format: "%02d", epoch)).safetensors"
    }
}
