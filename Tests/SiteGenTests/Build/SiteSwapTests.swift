import Compute
import Foundation
import Testing
@testable import SiteGen

/// The site swap, interrupted at each of its points (a thrown failure stands in for kill -9 there): `site/` is
/// always a complete site, and the next build, `--section` included, works.
@Suite struct SiteSwapTests {
    struct Injected: Error {}

    /// Checks that every figure the manifest lists is on disk with the recorded hash, and every page is there.
    static func expectComplete(_ files: [String: [UInt8]], _ comment: Comment? = nil) throws {
        let manifest = try Manifest.decode(try #require(files["manifest.json"], comment), source: "manifest.json")
        #expect(manifest.figures.count == 3, comment)
        for figure in manifest.figures {
            #expect(files[figure.png].map(Hashing.sha256Hex) == figure.sha256, comment)
            #expect(files[figure.data].map(Hashing.sha256Hex) == figure.dataSHA256, comment)
        }
        for page in ["index.html", "a.1-first.html", "b.1-second.html", "b.2-third.html", "style.css"] {
            #expect(files[page] != nil, "missing \(page)")
        }
        #expect(files.count == 5 + 1 + 2 * 3, "files: \(files.keys.sorted())")
    }

    @Test func aFailureBeforeTheSwapLeavesTheOldSiteAndTheNextBuildCleansUp() throws {
        let project = try TestProject()
        try project.builder().build()
        let before = try project.siteFiles()
        try project.section(file: "a-1.md", id: "a.1-first", order: 1, figures: ["a.ramp"], text: "Edited.")
        var failing = project.builder()
        failing.swapFault = { if $0 == .staged { throw Injected() } }
        #expect(throws: BuildError.self) { try failing.build() }
        #expect(try project.siteFiles() == before)
        #expect(FileManager.default.fileExists(atPath: project.root + "/.site.building/manifest.json"))
        try project.builder().build()
        #expect(String(decoding: try project.siteFiles()["a.1-first.html"]!, as: UTF8.self).contains("Edited."))
        #expect(!FileManager.default.fileExists(atPath: project.root + "/.site.building"))
    }

    @Test func aFailureRightAfterTheSwapLeavesTheCompleteNewSiteAndSectionBuildsWork() throws {
        let project = try TestProject()
        try project.builder().build()
        let old = try project.siteFiles()
        try project.section(file: "a-1.md", id: "a.1-first", order: 1, figures: ["a.ramp"], text: "Edited.")
        var failing = project.builder()
        failing.swapFault = { if $0 == .swapped { throw Injected() } }
        #expect(throws: BuildError.self) { try failing.build() }
        let new = try project.siteFiles()
        try Self.expectComplete(new)
        #expect(String(decoding: new["a.1-first.html"]!, as: UTF8.self).contains("Edited."))
        // One exchange: the staging path now holds the old site, whole, until it is deleted.
        let leftover = try #require(FileManager.default.contents(atPath: project.root + "/.site.building/a.1-first.html"))
        #expect([UInt8](leftover) == old["a.1-first.html"])
        try project.builder(section: "b.1-second").build()
        try Self.expectComplete(try project.siteFiles())
        #expect(!FileManager.default.fileExists(atPath: project.root + "/.site.building"))
    }

    @Test func aSiteLeftMovedAsideByAKillBetweenTwoRenamesIsPutBack() throws {
        // What the former two-rename swap left when killed between its renames: no site/, the old one at
        // .site.old and the new one at .site.building.
        let project = try TestProject()
        try project.builder().build()
        let before = try project.siteFiles()
        try FileManager.default.moveItem(atPath: project.root + "/site", toPath: project.root + "/.site.old")
        try FileManager.default.createDirectory(atPath: project.root + "/.site.building/figures", withIntermediateDirectories: true)
        try project.builder(section: "b.1-second").build()
        let after = try project.siteFiles()
        try Self.expectComplete(after)
        #expect(after["figures/a.ramp.png"] == before["figures/a.ramp.png"])
        #expect(!FileManager.default.fileExists(atPath: project.root + "/.site.old"))
    }

    @Test func theExchangeIsOneAtomicSystemCallOnThisFileSystem() throws {
        let root = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/b", withIntermediateDirectories: true)
        try Data("A".utf8).write(to: URL(fileURLWithPath: root + "/a/x"))
        try Data("B".utf8).write(to: URL(fileURLWithPath: root + "/b/x"))
        #expect(try SiteSwap.exchange(root + "/a", root + "/b"))
        #expect(FileManager.default.contents(atPath: root + "/a/x") == Data("B".utf8))
        #expect(FileManager.default.contents(atPath: root + "/b/x") == Data("A".utf8))
        #expect(throws: FileWrites.Failure.self) { try SiteSwap.exchange(root + "/a", root + "/none") }
    }

    @Test func anUnwritableSiteFolderIsReportedByPathAndReasonNotAsAFoundationDump() throws {
        guard getuid() != 0 else {
            // root writes through permission bits, so check the mapping of the system's errors instead.
            let error = CocoaError(.fileWriteNoPermission, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))])
            #expect(FileWrites.describe(error) == "permission denied")
            #expect(FileWrites.describe(CocoaError(.fileWriteOutOfSpace)) == "no space left on device")
            let failure = try #require(throws: FileWrites.Failure.self) { try FileWrites.write([1], to: "/proc/version") }
            #expect(failure.description.hasPrefix("cannot write /proc/version: "))
            #expect(!failure.description.contains("NSCocoaErrorDomain"))
            return
        }
        let project = try TestProject()
        chmod(project.root, 0o555); defer { chmod(project.root, 0o755) }
        let error = try #require(throws: BuildError.self) { try project.builder().build() }
        #expect("\(error)".contains("permission denied"))
        #expect(!"\(error)".contains("NSCocoaErrorDomain"))
    }
}
