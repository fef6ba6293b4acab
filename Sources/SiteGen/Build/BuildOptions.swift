import Compute
import Foundation

/// Where a build reads from and writes to, and what it rebuilds.
public struct BuildOptions: Sendable {
    /// The project folder holding `content/` and `templates/`.
    public var root: String
    public var siteDirectory: String
    public var cacheDirectory: String
    public var profile: Profile
    /// Rebuild only this section's figures and the pages that show or link it.
    public var section: String?
    /// Recompute figures even when the cache has them.
    public var force: Bool
    public var backend: String

    public init(root: String, siteDirectory: String? = nil, cacheDirectory: String? = nil, profile: Profile = .quick,
                section: String? = nil, force: Bool = false, backend: String = "digits") {
        self.root = root
        self.siteDirectory = siteDirectory ?? (root as NSString).appendingPathComponent("site")
        self.cacheDirectory = cacheDirectory ?? (root as NSString).appendingPathComponent(".cache")
        self.profile = profile
        self.section = section
        self.force = force
        self.backend = backend
    }

    /// Training runs (resumable checkpoints) live beside the figure cache.
    var runsDirectory: String { (cacheDirectory as NSString).appendingPathComponent("runs") }
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
