import Foundation
import Testing
@testable import SiteGen

/// Several `sitegen build`s of one site at once (the repro ran two in parallel 15 times and lost figure
/// files in 5 of 17 pairs): every build succeeds and `site/` ends complete, in every round.
@Suite struct ConcurrentBuildTests {
    @Test func concurrentBuildsAllSucceedAndLeaveACompleteSite() throws {
        let project = try TestProject()
        let builds = 3
        for round in 0..<6 {
            // One catalog per builder: the recipes' call counters are not shared between threads.
            let builders = (0..<builds).map { _ in
                project.builder(section: round % 3 == 2 ? "b.1-second" : nil,
                                catalog: FigureCatalog(recipes: ["a.ramp", "b.ramp", "b.ramp2"].map {
                                    RampRecipe(id: $0, counter: ComputeCounter()) }))
            }
            let errors = Errors()
            if round == 0 { try project.builder().build() }
            if round % 2 == 1 { try? FileManager.default.removeItem(atPath: project.root + "/.cache") }
            DispatchQueue.concurrentPerform(iterations: builds) { i in
                do { try builders[i].build() } catch { errors.append("\(error)") }
            }
            #expect(errors.all.isEmpty, "round \(round): \(errors.all)")
            try SiteSwapTests.expectComplete(try project.siteFiles(), "round \(round)")
        }
    }

    @Test func aSecondBuildWaitsForTheLockAndSaysSo() throws {
        let project = try TestProject()
        var held: SiteLock? = try SiteLock(siteDirectory: project.root + "/site", console: .silent)
        let lines = Errors()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? SiteLock(siteDirectory: project.root + "/site", console: Console { lines.append($0) })
            done.signal()
        }
        // The waiter says why it waits, and cannot finish while the lock is held (polled, not timed).
        for _ in 0..<3000 where lines.all.isEmpty { usleep(10_000) }
        #expect(lines.all.count == 1 && lines.all[0].contains("another sitegen build"), "\(lines.all)")
        #expect(done.wait(timeout: .now() + 0.2) == .timedOut)
        #expect(held != nil)
        held = nil
        #expect(done.wait(timeout: .now() + 30) == .success)
    }
}

/// Lines collected from several threads.
final class Errors: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
