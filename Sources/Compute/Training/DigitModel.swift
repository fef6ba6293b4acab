/// One of the four trainable networks, chosen by `TrainingConfig.kind`, so the trainer, checkpoints and
/// benchmarks handle them alike.
public enum DigitModel {
    case denoiser(UnconditionalUNet)
    case time(TimeConditionalUNet)
    case classConditioned(ClassConditionalUNet)
    case classifier(DigitClassifier)

    /// Fresh weights, PyTorch's default init drawn from the config's seed (stream "<kind>/init"), so two
    /// runs of one config start from identical weights.
    public init(config: TrainingConfig) {
        let draws = UniformDraws(RandomStream(seed: config.seed, streamNamed: "\(config.kind.rawValue)/init"))
        let source: UniformSource = { draws.next($0) }
        switch config.kind {
        case .denoiser: self = .denoiser(UnconditionalUNet(D: config.D, init: source))
        case .time: self = .time(TimeConditionalUNet(D: config.D, init: source))
        case .classConditioned: self = .classConditioned(ClassConditionalUNet(D: config.D, init: source))
        case .classifier: self = .classifier(DigitClassifier(width: config.D, init: source))
        }
    }

    public var kind: ModelKind {
        switch self {
        case .denoiser: return .denoiser
        case .time: return .time
        case .classConditioned: return .classConditioned
        case .classifier: return .classifier
        }
    }

    public var module: Module {
        switch self {
        case .denoiser(let m): return m
        case .time(let m): return m
        case .classConditioned(let m): return m
        case .classifier(let m): return m
        }
    }

    /// The training loss of one batch on `graph` (recording, model in train mode).
    func loss(_ batch: TrainingBatch, in g: Graph) -> Variable {
        let x = g.input(batch.input)
        switch self {
        case .denoiser(let m):
            return g.mseLoss(m.forward(x, in: g), batch.target)
        case .time(let m):
            return g.mseLoss(m.forward(x, t: g.input(batch.t!), in: g), batch.target)
        case .classConditioned(let m):
            return g.mseLoss(m.forward(x, c: g.input(batch.c!), t: g.input(batch.t!), in: g), batch.target)
        case .classifier(let m):
            return g.crossEntropyLoss(m.forward(x, in: g), labels: batch.labels)
        }
    }
}

/// A seeded uniform source for weight init; a class because `UniformSource` closures are called repeatedly.
final class UniformDraws {
    private var stream: RandomStream
    init(_ stream: RandomStream) { self.stream = stream }
    func next(_ count: Int) -> [Float] { stream.uniforms(count) }
}
