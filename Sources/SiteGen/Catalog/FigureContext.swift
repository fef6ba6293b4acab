import Compute

/// Training settings: `quick` (the default) keeps a cold build of the whole site within minutes on a 2-core
/// CPU; `full` is the seed project's settings exactly. Defined with the training code in Compute.
public typealias Profile = TrainingProfile

/// What a recipe may use while computing: the data sets and trained models, each loaded (or trained) once, on
/// first use, and the profile.
public final class FigureContext: @unchecked Sendable {
    public let profile: Profile
    public let log: (String) -> Void
    private let loadMNIST: () throws -> MNIST
    private let loadDenoiser: (() throws -> any Denoiser)?
    private let modelStore: ModelStore?
    private var loadedMNIST: MNIST?
    private var loadedDenoiser: (any Denoiser)?
    private var sharedResults: [String: Any] = [:]

    /// - Parameters:
    ///   - models: trains or loads Part B's models; nil in contexts that need none.
    ///   - denoiser: the model Part A runs on; by default the final class-conditioned digit model of `models`.
    public init(profile: Profile, log: @escaping (String) -> Void = { _ in }, loadMNIST: @escaping () throws -> MNIST,
                models: ModelStore? = nil, denoiser: (() throws -> any Denoiser)? = nil) {
        self.profile = profile
        self.log = log
        self.loadMNIST = loadMNIST
        self.modelStore = models
        self.loadDenoiser = denoiser
    }

    public func models() throws -> ModelStore {
        guard let modelStore else { throw FigureError(figure: "-", "this build has no model store") }
        return modelStore
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
        let model: any Denoiser
        if let loadDenoiser {
            model = try loadDenoiser()
        } else {
            let store = try models()
            model = try store.denoiser(store.set.final(.classConditioned))
        }
        loadedDenoiser = model
        return model
    }

    /// The Part A model for `figure`: an error about a missing model store names the figure that needed it.
    func denoiser(figure: String) throws -> any Denoiser {
        do {
            return try denoiser()
        } catch var error as FigureError where error.figure == "-" {
            error.figure = figure
            throw error
        }
    }

    /// A result two figures of one build both need (the iterative loop behind `a.iterative` and
    /// `a.iterative-compare`), computed once: on DeepFloyd the loop is ~23 UNet passes. `key` must name every
    /// input of `compute`; the result is the same whichever figure asks first.
    public func shared<T>(_ key: String, _ compute: () throws -> T) throws -> T {
        if let hit = sharedResults[key] as? T { return hit }
        let value = try compute()
        sharedResults[key] = value
        return value
    }
}
