import Foundation
import Testing
@testable import SiteGen

/// Records the batches a watcher reports.
actor Batches {
    private(set) var all: [[String]] = []
    func append(_ batch: [String]) { all.append(batch) }
}

@Suite("FileWatcher", .timeLimit(.minutes(1))) struct FileWatcherTests {

    @Test("a burst of writes to several files is reported once, as sorted paths")
    func burstReportedOnce() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let content = fixture.root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try fixture.write("content/a.md", "first")

        let watcher = FileWatcher(directories: [content], interval: .milliseconds(50), debounce: .milliseconds(250))
        let batches = Batches()
        let task = Task { try await watcher.run { await batches.append($0) } }
        defer { task.cancel() }
        try await Task.sleep(for: .milliseconds(150))  // let the watcher take its first snapshot

        // An editor-like burst: several rewrites, a new file, a temp file that should be ignored.
        for round in 1...5 {
            try fixture.write("content/z.md", String(repeating: "z", count: round))
            try fixture.write("content/a.md", "edit \(round)")
            try fixture.write("content/.a.md.swp", "swap \(round)")
            try await Task.sleep(for: .milliseconds(20))
        }

        try await waitFor("the watcher to report") { await batches.all.count >= 1 }
        try await Task.sleep(for: .milliseconds(600))  // time enough for a wrongly repeated report
        let reported = await batches.all
        #expect(reported == [[content.path + "/a.md", content.path + "/z.md"]])
    }

    @Test("no change, no report")
    func quietFolderStaysQuiet() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let watcher = FileWatcher(directories: [fixture.site], interval: .milliseconds(30), debounce: .milliseconds(30))
        let batches = Batches()
        let task = Task { try await watcher.run { await batches.append($0) } }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        #expect(await batches.all.isEmpty)
    }

    @Test("added, removed and modified files are all changes; sorted whatever the dictionary order")
    func changedPaths() {
        typealias Stamp = FileWatcher.Stamp
        let old: FileWatcher.Snapshot = [
            "/s/keep": Stamp(modifiedSeconds: 1, modifiedNanoseconds: 0, size: 1),
            "/s/gone": Stamp(modifiedSeconds: 1, modifiedNanoseconds: 0, size: 1),
            "/s/edit": Stamp(modifiedSeconds: 1, modifiedNanoseconds: 0, size: 1),
        ]
        var new = old
        new["/s/gone"] = nil
        new["/s/edit"] = Stamp(modifiedSeconds: 1, modifiedNanoseconds: 5, size: 1)
        new["/s/added"] = Stamp(modifiedSeconds: 2, modifiedNanoseconds: 0, size: 3)
        #expect(FileWatcher.changedPaths(from: old, to: new) == ["/s/added", "/s/edit", "/s/gone"])
        #expect(FileWatcher.changedPaths(from: old, to: old).isEmpty)
    }

    @Test("snapshots see nested files, skip dotfiles and treat a missing folder as empty")
    func snapshotContents() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        try fixture.write("content/part1/intro.md", "x")
        try fixture.write("content/.hidden.md", "x")
        let watcher = FileWatcher(directories: [fixture.root.appendingPathComponent("content"),
                                                fixture.root.appendingPathComponent("missing")])
        #expect(watcher.snapshot().keys.sorted() == [fixture.root.path + "/content/part1/intro.md"])
    }
}
