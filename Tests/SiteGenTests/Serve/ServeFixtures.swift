import Foundation
@testable import SiteGen

/// A throwaway folder holding a small built site plus things outside it that must never be served.
///
///     <root>/secret                     outside the site
///     <root>/outside/file.txt           outside the site
///     <root>/site/index.html            <html><body><h1>Home</h1></body></html>
///     <root>/site/style.css
///     <root>/site/b/index.html
///     <root>/site/empty/                a folder without index.html
///     <root>/site/link-in.html  -> index.html      (inside: allowed)
///     <root>/site/link-out      -> ../secret       (outside: refused)
///     <root>/site/dirlink       -> ../outside      (outside: refused)
struct TempSite {
    let root: URL
    var site: URL { root.appendingPathComponent("site") }

    static let indexHTML = "<!doctype html>\n<html><head><title>Home</title></head><body><h1>Home</h1></body></html>\n"

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-serve-\(UUID().uuidString)", isDirectory: true)
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("site/b"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("site/empty"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try write("secret", "top secret\n")
        try write("outside/file.txt", "outside\n")
        try write("site/index.html", Self.indexHTML)
        try write("site/style.css", "body { margin: 0 }\n")
        try write("site/b/index.html", "<html><body>B</body></html>\n")
        try fm.createSymbolicLink(atPath: site.appendingPathComponent("link-in.html").path, withDestinationPath: "index.html")
        try fm.createSymbolicLink(atPath: site.appendingPathComponent("link-out").path, withDestinationPath: "../secret")
        try fm.createSymbolicLink(atPath: site.appendingPathComponent("dirlink").path, withDestinationPath: "../outside")
    }

    func write(_ relativePath: String, _ text: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Collects log lines from the server, which logs from several tasks.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Polls `condition` every 20 ms; throws instead of hanging when it never becomes true.
func waitFor(_ what: String, seconds: Double = 5, _ condition: @Sendable () async -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while !(await condition()) {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(20))
    }
}
