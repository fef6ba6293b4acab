import Foundation
import Testing
@testable import SiteGen

@Suite struct CacheEntries {
    @Test func aStoredBlobIsFoundAgain() throws {
        let cache = BlobCache(directory: try TestPaths.temporaryDirectory())
        try cache.store("k", bytes: [1, 2, 3])
        #expect(cache.lookup("k") == .hit([1, 2, 3]))
        #expect(cache.lookup("other") == .miss)
    }

    @Test func aTruncatedEntryIsReportedCorrupt() throws {
        let dir = try TestPaths.temporaryDirectory()
        let cache = BlobCache(directory: dir)
        try cache.store("k", bytes: Array(repeating: 7, count: 100))
        try Data(Array(repeating: 7, count: 60)).write(to: URL(fileURLWithPath: dir + "/k.bin"))
        guard case .corrupt(let reason) = cache.lookup("k") else {
            Issue.record("a truncated entry was trusted")
            return
        }
        #expect(reason.contains("checksum mismatch"))
    }

    @Test func anEntryWithoutItsChecksumIsNotTrusted() throws {
        let dir = try TestPaths.temporaryDirectory()
        let cache = BlobCache(directory: dir)
        try cache.store("k", bytes: [1])
        try FileManager.default.removeItem(atPath: dir + "/k.bin.sha256")
        #expect(cache.lookup("k") == .corrupt("its checksum file is missing"))
    }
}
