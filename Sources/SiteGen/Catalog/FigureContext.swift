import Compute

/// Training settings: `quick` (the default) keeps a cold build of the whole site within minutes on a laptop-class
/// CPU; `full` is the seed project's settings exactly.
public enum Profile: String, Sendable, CaseIterable {
    case quick, full
}

/// What a recipe may use while computing: the data sets and trained models, each loaded (or trained) once, on
/// first use, and the profile.
public final class FigureContext: @unchecked Sendable {
    public let profile: Profile
    public let log: (String) -> Void
    private let loadMNIST: () throws -> MNIST
    private let loadDenoiser: () throws -> any Denoiser
    private var loadedMNIST: MNIST?
    private var loadedDenoiser: (any Denoiser)?

    /// - Parameter denoiser: the model Part A runs on (by default the class-conditioned digit model of Part B).
    public init(profile: Profile, log: @escaping (String) -> Void = { _ in }, loadMNIST: @escaping () throws -> MNIST,
                denoiser: @escaping () throws -> any Denoiser = { throw FigureError(figure: "-", "no denoiser configured") }) {
        self.profile = profile
        self.log = log
        self.loadMNIST = loadMNIST
        self.loadDenoiser = denoiser
    }

    public func mnist() throws -> MNIST {
        if let loadedMNIST { return loadedMNIST }
        let data = try loadMNIST()
        loadedMNIST = data
        return data
    }

    /// The Part A model, behind the model-agnostic `Denoiser` protocol.
    public func denoiser() throws -> any Denoiser {
        if let loadedDenoiser { return loadedDenoiser }
        let model = try loadDenoiser()
        loadedDenoiser = model
        return model
    }
}
