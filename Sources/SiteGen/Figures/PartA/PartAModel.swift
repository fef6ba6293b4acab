/// Which model Part A's figures run on, as a cache-key input: its name and the hash of everything that
/// produced it (for the digit backend, the class-conditioned training config of the profile).
public struct PartAModel: Sendable, Equatable {
    public var name: String
    public var hash: String

    public init(name: String, hash: String) {
        self.name = name
        self.hash = hash
    }

    /// The default backend: Part B's final class-conditioned digit model.
    public init(_ ref: ModelRef) {
        self.init(name: ref.kind.rawValue, hash: ref.figureInput.hash)
    }

    public var input: FigureInput { .model(name: name, hash: hash) }
}
