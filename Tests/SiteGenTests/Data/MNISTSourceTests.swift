import Compute
import Testing
@testable import SiteGen

/// Issue 21: `--data-dir` naming no folder was ignored without a word (a build from the cache never loads MNIST).
@Suite struct MNISTSourceTests {
    @Test func anExplicitDataDirIsCheckedBeforeAnythingIsBuilt() throws {
        let error = try #require(throws: MNISTError.self) { try MNISTSource.checkDataDir("no-such-folder", root: "/tmp") }
        #expect("\(error)".hasPrefix("--data-dir /tmp/no-such-folder holds no MNIST files"))
        try MNISTSource.checkDataDir(nil, root: "/tmp")
        try MNISTSource.checkDataDir(TestPaths.mnist, root: "/tmp")
    }
}
