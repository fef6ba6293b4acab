import Compute

/// Training settings: `quick` (the default) keeps a cold build of the whole site within minutes on a laptop-class
/// CPU; `full` is the seed project's settings exactly.
public enum Profile: String, Sendable, CaseIterable {
    case quick, full
}

/// What a recipe may use while computing: the data sets (loaded once, on first use) and the profile.
public final class FigureContext: @unchecked Sendable {
    public let profile: Profile
    public let log: (String) -> Void
    private let loadMNIST: () throws -> MNIST
    private var loaded: MNIST?

    public init(profile: Profile, log: @escaping (String) -> Void = { _ in }, loadMNIST: @escaping () throws -> MNIST) {
        self.profile = profile
        self.log = log
        self.loadMNIST = loadMNIST
    }

    public func mnist() throws -> MNIST {
        if let loaded { return loaded }
        let data = try loadMNIST()
        loaded = data
        return data
    }
}
