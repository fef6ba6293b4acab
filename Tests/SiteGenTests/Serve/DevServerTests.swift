import Foundation
import Testing
@testable import SiteGen

/// Starts a DevServer on 127.0.0.1 with a free port, runs `body`, and always stops the server.
private func withServer(
    _ fixture: TempSite, watching: [URL] = [], log: LogLines = LogLines(),
    rebuild: @escaping @Sendable () async throws -> Void = {},
    _ body: (DevServer, UInt16) async throws -> Void
) async throws {
    let configuration = DevServer.Configuration(
        siteDirectory: fixture.site, port: 0, watchedDirectories: watching,
        pollInterval: .milliseconds(50), debounce: .milliseconds(100))
    let server = try DevServer(configuration, log: { log.append($0) }, rebuild: rebuild)
    let running = Task { try await server.run() }
    do {
        let port = try await server.waitUntilListening(timeout: 5)
        try await body(server, port)
    } catch {
        await server.stop()
        running.cancel()
        throw error
    }
    await server.stop()
    // run() must return by itself after stop(); cancelling is only the fallback against a hang.
    let watchdog = Task { try await Task.sleep(for: .seconds(5)); running.cancel() }
    let outcome = await running.result
    watchdog.cancel()
    if case .failure(let error) = outcome { Issue.record("run() ended with \(error) after stop()") }
}

@Suite("DevServer end to end", .timeLimit(.minutes(1))) struct DevServerTests {

    @Test("serves index.html with the reload script injected; the file on disk is unchanged")
    func servesIndexWithScript() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let log = LogLines()
        try await withServer(fixture, log: log) { server, port in
            #expect(port != 0)
            #expect(await server.boundPort == port)
            let response = try await RawHTTPClient.get(port: port, "/")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/html; charset=utf-8")
            #expect(response.body.contains("<h1>Home</h1>"))
            #expect(response.body.contains(LiveReload.path))
            #expect(response.body.range(of: LiveReload.path)!.lowerBound < response.body.range(of: "</body>")!.lowerBound)
            let onDisk = try String(contentsOf: fixture.site.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(onDisk == TempSite.indexHTML)
        }
        #expect(log.all.contains { $0.hasPrefix("Serving ") && $0.contains("site/ at http://127.0.0.1:") && $0.hasSuffix("(Ctrl-C to stop)") },
                "log was \(log.all)")
    }

    @Test("non-HTML files are sent as they are")
    func servesCSS() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        try await withServer(fixture) { _, port in
            let response = try await RawHTTPClient.get(port: port, "/style.css")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/css; charset=utf-8")
            #expect(response.body == "body { margin: 0 }\n")
        }
    }

    @Test("missing files get 404, folders without slash a redirect, other methods 405")
    func statusCodes() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        try await withServer(fixture) { _, port in
            #expect(try await RawHTTPClient.get(port: port, "/missing.html").status == 404)
            let redirect = try await RawHTTPClient.get(port: port, "/b")
            #expect(redirect.status == 302)
            #expect(redirect.headers["location"] == "/b/")
            #expect(try await RawHTTPClient.get(port: port, "/index.html", method: "POST").status == 405)
            let head = try await RawHTTPClient.get(port: port, "/style.css", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == "19")
            #expect(head.body.isEmpty)
        }
    }

    @Test("a raw traversal request line is answered 404, never with the file",
          arguments: ["/../../etc/passwd", "/../secret", "/%2e%2e/secret", "/link-out"])
    func rawTraversal(target: String) async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        try await withServer(fixture) { _, port in
            let response = try await RawHTTPClient.get(port: port, target)
            #expect(response.status == 404)
            #expect(!response.body.contains("top secret"))
            #expect(!response.body.contains("root:"))
        }
    }

    @Test("after a rebuild, connected pages are told to reload")
    func rebuildReloadsPages() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let log = LogLines()
        try await withServer(fixture, log: log) { server, port in
            async let message = RawHTTPClient.awaitWebSocketText(port: port, path: LiveReload.path) {}
            try await waitFor("the page to connect") { await server.connectedPages == 1 }
            await server.rebuildAndReload(after: [fixture.root.path + "/content/x.md"])
            #expect(try await message == LiveReload.reloadMessage)
        }
        let lines = log.all
        #expect(lines.contains { $0.hasPrefix("change in ") && $0.hasSuffix("content/x.md -> rebuilding") }, "log was \(lines)")
        #expect(lines.contains { $0.hasPrefix("rebuilt in ") && $0.hasSuffix(" s, reloading 1 page") }, "log was \(lines)")
    }

    @Test("a failing rebuild is logged and the server keeps serving")
    func failingRebuild() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "content/x.md: bad front matter" } }
        let fixture = try TempSite(); defer { fixture.remove() }
        let log = LogLines()
        try await withServer(fixture, log: log, rebuild: { throw Broken() }) { server, port in
            await server.rebuildAndReload(after: [fixture.root.path + "/content/x.md"])
            let stillServing = try await RawHTTPClient.get(port: port, "/")
            #expect(stillServing.status == 200)
        }
        #expect(log.all.contains { $0.hasPrefix("rebuild failed: content/x.md: bad front matter") }, "log was \(log.all)")
        #expect(!log.all.contains { $0.hasPrefix("rebuilt in") })
    }

    @Test("editing a watched file triggers exactly one rebuild")
    func watchTriggersRebuild() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let content = fixture.root.appendingPathComponent("content")
        try fixture.write("content/x.md", "v1")
        let rebuilds = Batches()
        try await withServer(fixture, watching: [content], rebuild: { await rebuilds.append([]) }) { _, _ in
            try await Task.sleep(for: .milliseconds(200))  // the watcher's first snapshot
            try fixture.write("content/x.md", "version 2")
            try await waitFor("a rebuild") { await rebuilds.all.count == 1 }
            try await Task.sleep(for: .milliseconds(400))
            #expect(await rebuilds.all.count == 1)
        }
    }

    @Test("a host that is not an IPv4 address is refused with a clear error")
    func invalidHost() throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let configuration = DevServer.Configuration(siteDirectory: fixture.site, host: "localhost", port: 0)
        #expect(throws: ServeError.invalidHost("localhost")) { _ = try DevServer(configuration) }
    }
}

@Suite("DevServer startup errors", .timeLimit(.minutes(1))) struct DevServerStartupTests {
    @Test("a port already in use is reported with the address and a hint, not a socket error dump")
    func portInUse() async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        try await withServer(fixture) { _, port in
            let second = try DevServer(.init(siteDirectory: fixture.site, port: port), log: { _ in })
            await #expect(throws: ServeError.cannotListen(address: "127.0.0.1:\(port)", reason: "Address already in use")) {
                try await second.run()
            }
        }
    }
}
