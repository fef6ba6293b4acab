import Compute

/// The trained networks behind the figures. A model is trained on first use — or resumed from its run folder
/// in the user cache's `runs/` (see `UserCache`), so an interrupted build loses at most a few minutes — and reused for the rest of the build.
public final class ModelStore: @unchecked Sendable {
    public let profile: Profile
    let runsDirectory: String
    let console: Console
    private let loadMNIST: () throws -> MNIST
    private var ready: Set<String> = []

    public init(profile: Profile, runsDirectory: String, console: Console, mnist: @escaping () throws -> MNIST) {
        self.profile = profile
        self.runsDirectory = runsDirectory
        self.console = console
        self.loadMNIST = mnist
    }

    public func config(_ kind: ModelKind) -> TrainingConfig { profile.config(for: kind) }

    /// A model's identity for cache keys: everything that determines its weights.
    public func input(_ kind: ModelKind) -> FigureInput { .model(name: kind.rawValue, hash: config(kind).hash) }

    func trainer(_ kind: ModelKind) throws -> Trainer {
        let config = config(kind)
        let trainer = Trainer(config: config, data: try loadMNIST(), runsDirectory: runsDirectory,
                              software: SoftwareIdentity.current)
        guard !ready.contains(config.hash) else { return trainer }
        if !trainer.isComplete {
            let steps = config.stepsPerEpoch(available: 60_000)
            let total = steps * config.epochs
            let resumed = try trainer.stepsOnDisk()
            console.write("training \(Self.describe(config)) in \(trainer.folder.path)"
                + (resumed > 0 ? ", resuming after step \(resumed) of \(total)" : ""))
            let bar = ProgressBar(title: "train \(kind.rawValue)", total: total, unit: "steps", startedAt: resumed)
            let run = try StopRequest.whileTraining {
                try trainer.run(shouldStop: { StopRequest.isRequested }, progress: { p in
                    bar.update(done: (p.epoch - 1) * p.stepsPerEpoch + p.step, value: Double(p.loss),
                               detail: "epoch \(p.epoch)/\(p.epochs)  \(Int(p.imagesPerSecond)) img/s")
                })
            }
            if run.stopped {
                throw TrainingStopped(folder: trainer.folder.path, stepsDone: run.losses.count, totalSteps: total)
            }
        }
        ready.insert(config.hash)
        return trainer
    }

    /// Trains `kind` to its last epoch (resuming its run if one is on disk); returns the run folder.
    @discardableResult
    public func train(_ kind: ModelKind) throws -> String {
        try trainer(kind).folder.path
    }

    public func model(_ kind: ModelKind, epoch: Int) throws -> DigitModel {
        try trainer(kind).loadModel(epoch: epoch)
    }

    /// Loss of every training step of the whole run.
    public func losses(_ kind: ModelKind) throws -> [Float] {
        try trainer(kind).losses(epoch: config(kind).epochs)
    }

    public func denoiser(_ kind: ModelKind, epoch: Int) throws -> DigitDenoiser {
        try DigitDenoiser(model: model(kind, epoch: epoch), config: config(kind))
    }

    public func classifier() throws -> DigitClassifier {
        guard case .classifier(let network) = try model(.classifier, epoch: config(.classifier).epochs) else {
            throw FigureError(figure: "-", "the classifier run holds another kind of model")
        }
        return network
    }

    /// One line of settings, as shown in captions and logs (generated from the config, never typed by hand).
    public static func describe(_ c: TrainingConfig) -> String {
        var parts = ["\(c.kind.rawValue) UNet D = \(c.D)", "batch \(c.batchSize)", "\(c.epochs) epochs",
                     "Adam lr \(c.learningRate)"]
        if c.kind == .classifier { parts[0] = "classifier width \(c.D)" }
        if c.lrGamma != 1 { parts.append(String(format: "ExponentialLR γ = %.4f per epoch", c.lrGamma)) }
        parts.append(c.imagesPerEpoch.map { "\($0) images per epoch" } ?? "all 60,000 images per epoch")
        if c.kind == .denoiser { parts.append("σ = \(c.sigma)") }
        if c.kind == .time || c.kind == .classConditioned { parts.append("T = \(c.T)") }
        if c.kind == .classConditioned { parts.append("p_uncond = \(c.pUncond)") }
        parts.append("seed \(c.seed)")
        return parts.joined(separator: ", ")
    }
}
