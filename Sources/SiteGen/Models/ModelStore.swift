import Compute
import Foundation

/// Where a build's trained networks come from.
public enum ModelSource: Sendable {
    /// Trained on first use — or resumed from the run store (`UserCache`), so an interrupted build loses at most a
    /// few minutes. The quick profile's models, and every model with `--retrain`.
    case runs(directory: String)
    /// The repository's `models/`: loaded, never trained; a model missing there is an error.
    case published(PublishedModels)
}

/// The trained networks behind the figures, each loaded (or trained) once per build and addressed by the
/// `ModelRef` a recipe holds. Its `set` is the one list of models the catalog is built from.
public final class ModelStore: @unchecked Sendable {
    public let profile: Profile
    public let source: ModelSource
    public let set: ModelSet
    let console: Console
    private let loadMNIST: () throws -> MNIST
    private var ready: Set<String> = []
    private var loaded: [ModelRef: DigitModel] = [:]
    private var published: [ModelRef: PublishedMetadata] = [:]

    /// Resolves every model the profile's figures need. A model missing from the published folder (or published
    /// for another configuration) resolves to an `.unavailable` ref carrying the reason; `unavailable` lists them so
    /// the build can name every one at once before it computes a figure that needs one.
    public convenience init(profile: Profile, source: ModelSource, console: Console, mnist: @escaping () throws -> MNIST) throws {
        switch source {
        case .runs(let directory):
            self.init(profile: profile, runsDirectory: directory, console: console, mnist: mnist)
        case .published(let models):
            let refs = ModelSet.needed(profile).map { kind, epoch in
                let config = profile.config(for: kind)
                do {
                    return try models.resolve(config, epoch: epoch, profile: profile)
                } catch {
                    return ModelRef(config: config, epoch: epoch, origin: .unavailable(reason: "\(error)"))
                }
            }
            self.init(profile: profile, source: source, set: ModelSet(profile: profile, refs: refs), console: console, mnist: mnist)
        }
    }

    /// The set's models that cannot be loaded, each with the reason.
    public var unavailable: [(ref: ModelRef, reason: String)] {
        self.set.refs.compactMap { ref in
            if case .unavailable(let reason) = ref.origin { return (ref, reason) }
            return nil
        }
    }

    /// Fails naming every unavailable model that `recipes` read (a build of other sections runs without them; a
    /// build that needs one never starts computing).
    public func requireModels(of recipes: [any FigureRecipe]) throws {
        let read = Set(recipes.flatMap(\.inputs).map(\.hash))
        let needed = unavailable.filter { read.contains($0.ref.figureInput.hash) }
        guard !needed.isEmpty else { return }
        throw ModelStoreError(needed.map(\.reason).joined(separator: "\n"))
    }

    /// A store training in `runsDirectory` (its models are trained on demand, so resolving cannot fail).
    public convenience init(profile: Profile, runsDirectory: String, console: Console, mnist: @escaping () throws -> MNIST) {
        self.init(profile: profile, source: .runs(directory: runsDirectory), set: .trained(profile), console: console, mnist: mnist)
    }

    private init(profile: Profile, source: ModelSource, set: ModelSet, console: Console, mnist: @escaping () throws -> MNIST) {
        self.profile = profile
        self.source = source
        self.set = set
        self.console = console
        self.loadMNIST = mnist
    }

    public func config(_ kind: ModelKind) -> TrainingConfig { profile.config(for: kind) }

    private var data: MNIST?

    /// MNIST, loaded (and checksummed) once per store.
    func mnist() throws -> MNIST {
        if let data { return data }
        let loaded = try loadMNIST()
        data = loaded
        return loaded
    }

    func trainer(_ config: TrainingConfig) throws -> Trainer {
        guard case .runs(let runsDirectory) = source else {
            throw ModelStoreError("this build reads published models and does not train; use --retrain to train")
        }
        let trainer = Trainer(config: config, data: try mnist(), runsDirectory: runsDirectory,
                              software: SoftwareIdentity.current)
        guard !ready.contains(config.hash) else { return trainer }
        if !trainer.isComplete {
            let steps = config.stepsPerEpoch(available: 60_000)
            let total = steps * config.epochs
            let resumed = try trainer.stepsOnDisk()
            console.write("training \(Self.describe(config)) in \(trainer.folder.path)"
                + (resumed > 0 ? ", resuming after step \(resumed) of \(total)" : ""))
            let bar = ProgressBar(title: "train \(config.kind.rawValue)", total: total, unit: "steps", startedAt: resumed)
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
        try trainer(config(kind)).folder.path
    }

    /// The network `ref` names, in eval mode: loaded from its published file, or trained / loaded from its run.
    public func model(_ ref: ModelRef) throws -> DigitModel {
        if let model = loaded[ref] { return model }
        let model: DigitModel
        switch (ref.origin, source) {
        case (.trained, .runs):
            model = try trainer(ref.config).loadModel(epoch: ref.epoch)
        case (.unavailable(let reason), _):
            throw ModelStoreError(reason)
        case (.published, .published(let models)):
            let (network, metadata) = try models.load(ref)
            published[ref] = metadata
            model = network
        default:
            throw ModelStoreError("\(ref) asked of a store that holds \(sourceName) models")
        }
        loaded[ref] = model
        return model
    }

    private var sourceName: String {
        if case .published = source { return "published" }
        return "run-store"
    }

    public func denoiser(_ ref: ModelRef) throws -> DigitDenoiser {
        try DigitDenoiser(model: model(ref), config: ref.config)
    }

    public func classifier(_ ref: ModelRef) throws -> DigitClassifier {
        guard case .classifier(let network) = try model(ref) else {
            throw ModelStoreError("\(ref) holds another kind of model than the classifier")
        }
        return network
    }

    public func unconditional(_ ref: ModelRef) throws -> UnconditionalUNet {
        guard case .denoiser(let network) = try model(ref) else {
            throw ModelStoreError("\(ref) holds another kind of model than the single-step denoiser")
        }
        return network
    }

    /// Loss of every training step up to `ref`'s epoch.
    public func losses(_ ref: ModelRef) throws -> [Float] {
        switch ref.origin {
        case .trained: return try trainer(ref.config).losses(epoch: ref.epoch)
        case .published: return try publishedMetadata(ref).losses
        case .unavailable(let reason): throw ModelStoreError(reason)
        }
    }

    /// What a published model records about itself (nil for trained ones).
    public func publishedMetadata(_ ref: ModelRef) throws -> PublishedMetadata {
        if let metadata = published[ref] { return metadata }
        _ = try model(ref)
        guard let metadata = published[ref] else { throw ModelStoreError("\(ref) is not a published model") }
        return metadata
    }

    /// One line of settings, as shown in captions and logs (generated from the config, never typed by hand).
    public static func describe(_ c: TrainingConfig) -> String {
        var parts = ["\(LossCurveFigure.modelName(c.kind)), UNet D = \(c.D)", "batch \(c.batchSize)", "\(c.epochs) epochs",
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

extension ModelStore {
    /// The manifest's `models` field.
    public var manifestName: String {
        if case .published = source { return "published" }
        return "trained"
    }

    /// The page footer's words for where the models came from.
    var footerDescription: String {
        switch source {
        case .published: "published in models/ (" + set.refs.map { "\($0.kind.rawValue)@\($0.epoch)" }.joined(separator: ", ") + ")"
        case .runs: "trained by this build"
        }
    }
}
