import Compute
import Foundation

/// Where a build reads from and writes to, and what it rebuilds.
public struct BuildOptions: Sendable {
    /// The project folder holding `content/` and `templates/`.
    public var root: String
    public var siteDirectory: String
    public var cacheDirectory: String
    /// Training runs (resumable checkpoints): the user cache's `runs/` unless given (tests use a temporary one).
    public var runsDirectory: String
    /// The repository's published models (`<root>/models`).
    public var modelsDirectory: String
    /// Train the full profile's models in the run store instead of reading the published ones.
    public var retrain: Bool = false
    public var profile: Profile
    /// Rebuild only this section's figures and the pages that show or link it.
    public var section: String?
    /// Recompute figures even when the cache has them.
    public var force: Bool
    /// The model Part A runs on.
    public var backend: PartABackendChoice

    public init(root: String, siteDirectory: String? = nil, cacheDirectory: String? = nil, runsDirectory: String? = nil,
                profile: Profile = .quick,
                section: String? = nil, force: Bool = false, backend: PartABackendChoice = .digits) {
        self.root = root
        self.siteDirectory = siteDirectory ?? (root as NSString).appendingPathComponent("site")
        self.cacheDirectory = cacheDirectory ?? (root as NSString).appendingPathComponent(".cache")
        self.runsDirectory = runsDirectory ?? UserCache.runsDirectory()
        self.modelsDirectory = (root as NSString).appendingPathComponent("models")
        self.profile = profile
        self.section = section
        self.force = force
        self.backend = backend
    }

    /// The full profile reads the published models unless `retrain`; the quick profile always trains (in minutes).
    public func modelSource() throws -> ModelSource {
        guard profile == .full, !retrain else { return .runs(directory: runsDirectory) }
        return .published(try PublishedModels(directory: modelsDirectory))
    }

    public func modelStore(console: Console, mnist: @escaping () throws -> MNIST) throws -> ModelStore {
        try ModelStore(profile: profile, source: modelSource(), console: console, mnist: mnist)
    }

    var contentDirectory: String { (root as NSString).appendingPathComponent("content") }
    var templatesDirectory: String { (root as NSString).appendingPathComponent("templates") }
}

/// What a build did, for the summary line and for tests.
public struct BuildReport: Sendable {
    public var computed: [String] = []
    public var cached: [String] = []
    /// Figures whose cache entry failed its checksum and was recomputed.
    public var recomputedCorrupt: [String] = []
    public var pagesWritten: [String] = []
}
