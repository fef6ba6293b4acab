import Foundation
import FlyingFox
import FlyingSocks

/// The server behind `sitegen serve`: serves the built site, rebuilds when sources change, and tells open
/// pages to reload. A failed rebuild is reported and the previous build keeps being served.
public actor DevServer {

    public struct Configuration: Sendable {
        public var siteDirectory: URL
        /// An IPv4 address. 127.0.0.1 by default: `.loopback` in FlyingFox would bind IPv6 `::1` only.
        public var host: String
        /// 0 picks a free port; read it from `waitUntilListening()`.
        public var port: UInt16
        /// Source folders (content/, templates/) whose edits trigger a rebuild. Empty: no watching.
        public var watchedDirectories: [URL]
        public var pollInterval: Duration
        public var debounce: Duration

        public init(siteDirectory: URL, host: String = "127.0.0.1", port: UInt16 = 8000,
                    watchedDirectories: [URL] = [], pollInterval: Duration = .milliseconds(300),
                    debounce: Duration = .milliseconds(200)) {
            self.siteDirectory = siteDirectory
            self.host = host
            self.port = port
            self.watchedDirectories = watchedDirectories
            self.pollInterval = pollInterval
            self.debounce = debounce
        }
    }

    public typealias Log = @Sendable (String) -> Void

    public nonisolated let configuration: Configuration
    private let server: HTTPServer
    private let hub = ReloadHub()
    private let log: Log
    private let rebuild: @Sendable () async throws -> Void
    private var stopping = false

    /// - Parameters:
    ///   - log: receives each human-readable log line; stderr by default.
    ///   - rebuild: regenerates the site; called after each burst of source changes, never concurrently.
    public init(_ configuration: Configuration,
                log: @escaping Log = DevServer.logToStandardError,
                rebuild: @escaping @Sendable () async throws -> Void = {}) throws {
        let resolver = try SitePathResolver(siteDirectory: configuration.siteDirectory)
        let address: sockaddr_in
        do {
            address = try .inet(ip4: configuration.host, port: configuration.port)
        } catch {
            throw ServeError.invalidHost(configuration.host)
        }
        var routes = RoutedHTTPHandler()
        routes.appendRoute(HTTPRoute("GET \(LiveReload.path)"), to: .webSocket(hub))
        routes.appendRoute("*", to: SiteFileHandler(resolver: resolver))
        self.configuration = configuration
        self.server = HTTPServer(address: address, logger: .disabled, handler: routes)
        self.log = log
        self.rebuild = rebuild
    }

    /// Serves until `stop()` is called or the calling task is cancelled.
    public func run() async throws {
        let watcher = FileWatcher(directories: configuration.watchedDirectories,
                                  interval: configuration.pollInterval, debounce: configuration.debounce)
        let announce = Task.detached { [weak self] in
            guard let self, let port = try? await self.waitUntilListening() else { return }
            let host = self.configuration.host
            self.log("Serving \(Self.display(self.configuration.siteDirectory.path))/ at http://\(host):\(port) (Ctrl-C to stop)")
            guard !watcher.directories.isEmpty else { return }
            try? await watcher.run { changes in await self.rebuildAndReload(after: changes) }
        }
        defer { announce.cancel() }
        do {
            try await server.run()
        } catch {
            if stopping { return }
            if case let SocketError.failed(type, _, message) = error, type == "Bind" {
                throw ServeError.cannotListen(address: "\(configuration.host):\(configuration.port)", reason: message)
            }
            throw error
        }
    }

    /// Waits until the socket is bound and returns the port (the chosen one when configured with 0).
    @discardableResult
    public func waitUntilListening(timeout: TimeInterval = 5) async throws -> UInt16 {
        try await server.waitUntilListening(timeout: timeout)
        guard case .ip4(_, let port)? = await server.listeningAddress else { throw ServeError.notListening }
        return port
    }

    /// The bound port while listening, nil before `run()` has bound its socket or after `stop()`.
    public var boundPort: UInt16? {
        get async {
            guard case .ip4(_, let port)? = await server.listeningAddress else { return nil }
            return port
        }
    }

    /// Closes the live-reload sockets and the listening socket; `run()` then returns normally.
    public func stop() async {
        stopping = true
        await hub.disconnectAll()
        await server.stop(timeout: 1)
    }

    /// Number of pages currently connected for live reload.
    public var connectedPages: Int {
        get async { await hub.connectedPages }
    }

    /// Tells every connected page to reload; returns how many were told.
    @discardableResult
    public func reloadPages() async -> Int {
        await hub.reloadAll()
    }

    func rebuildAndReload(after changes: [String]) async {
        log("change in \(Self.describe(changes)) -> rebuilding")
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await rebuild()
        } catch {
            log("rebuild failed: \(error)\n  still serving the previous build; fix the problem and save again")
            return
        }
        let seconds = Self.seconds(clock.now - start)
        let pages = await hub.reloadAll()
        log("rebuilt in \(String(format: "%.1f", seconds)) s, reloading \(pages) page\(pages == 1 ? "" : "s")")
    }

    public static let logToStandardError: Log = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func describe(_ changes: [String]) -> String {
        guard let first = changes.first else { return "(nothing)" }
        let more = changes.count - 1
        return display(first) + (more > 0 ? " (and \(more) more)" : "")
    }

    /// Paths under the working directory are shown relative to it, as the user typed them.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        var shown = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        while shown.count > 1 && shown.hasSuffix("/") { shown.removeLast() }
        return shown
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
