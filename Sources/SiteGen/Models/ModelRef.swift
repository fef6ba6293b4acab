import Compute

/// One trained network as a figure uses it: its training configuration, the epoch after which it is taken,
/// and where its weights come from. A recipe holds the `ModelRef` it computes from, and both its cache key
/// (`figureInput`) and the weights it loads (`ModelStore.model(_:)`) are derived from that one value, so the
/// key cannot name one model while the figure is drawn from another.
public struct ModelRef: Sendable, Hashable, CustomStringConvertible {
    public var config: TrainingConfig
    public var epoch: Int
    public var origin: ModelOrigin

    public init(config: TrainingConfig, epoch: Int, origin: ModelOrigin) {
        self.config = config
        self.epoch = epoch
        self.origin = origin
    }

    public var kind: ModelKind { config.kind }

    /// The model's identity in a figure's cache key.
    public var figureInput: FigureInput {
        .model(name: "\(kind.rawValue)@\(epoch)", hash: config.hash + "|" + origin.identity)
    }

    public var description: String {
        "\(kind.rawValue) after epoch \(epoch) (config \(config.hash.prefix(12)), \(origin))"
    }

    public static func == (a: ModelRef, b: ModelRef) -> Bool {
        a.config.hash == b.config.hash && a.epoch == b.epoch && a.origin == b.origin
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(config.hash)
        hasher.combine(epoch)
        hasher.combine(origin)
    }
}

/// Where a model's weights come from.
public enum ModelOrigin: Sendable, Hashable, CustomStringConvertible {
    /// Trained in the run store: the weights are a function of the config (training is deterministic).
    case trained
    /// A file in the repository's published models, identified by its SHA-256.
    case published(sha256: String)
    /// A model the published folder lacks: `reason` says which file is needed and how to make it. A build stops
    /// before computing the first figure that reads it, so a build of other sections still runs.
    case unavailable(reason: String)

    var identity: String {
        switch self {
        case .trained: "trained"
        case .published(let sha): "published:" + sha
        case .unavailable: "unavailable"
        }
    }

    public var description: String {
        switch self {
        case .trained: "trained in the run store"
        case .published(let sha): "published, SHA-256 \(sha.prefix(12))"
        case .unavailable: "not published"
        }
    }
}
