import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server behind `sitegen serve`: serves the built site, rebuilds when sources change, and tells open
/// pages to reload. A failed rebuild is reported and the previous build keeps being served. The HTTP side is
/// `LocalHTTPServer` (bounded in size, time and connections; see there why).
public actor DevServer {

    public struct Configuration: Sendable {
        public var siteDirectory: URL
        /// An IPv4 address, 127.0.0.1 by default.
        public var host: String
        /// 0 picks a free port; read it from `waitUntilListening()`.
        public var port: UInt16
        /// Source folders (content/, templates/) whose edits trigger a rebuild. Empty: no watching.
        public var watchedDirectories: [URL]
        public var pollInterval: Duration
        public var debounce: Duration
        /// Connections served at once; more are answered 503 without being read.
        public var maxConnections: Int
        /// How long one read of a request head may wait, and how long the whole head may take (then 408).
        public var readTimeout: Duration
        public var headDeadline: Duration

        public init(siteDirectory: URL, host: String = "127.0.0.1", port: UInt16 = 8000,
                    watchedDirectories: [URL] = [], pollInterval: Duration = .milliseconds(300),
                    debounce: Duration = .milliseconds(200), maxConnections: Int = 64,
                    readTimeout: Duration = .seconds(5), headDeadline: Duration = .seconds(10)) {
            self.siteDirectory = siteDirectory
            self.host = host
            self.port = port
            self.watchedDirectories = watchedDirectories
            self.pollInterval = pollInterval
            self.debounce = debounce
            self.maxConnections = maxConnections
            self.readTimeout = readTimeout
            self.headDeadline = headDeadline
        }
    }

    public typealias Log = @Sendable (String) -> Void

    public nonisolated let configuration: Configuration
    private let server: LocalHTTPServer
    private let hub: ReloadHub
    private let log: Log
    private let rebuild: @Sendable () async throws -> Void
    private var stopping = false
    private var stopped: CheckedContinuation<Void, Never>?

    /// - Parameters:
    ///   - log: receives each human-readable log line; stderr by default.
    ///   - rebuild: regenerates the site; called after each burst of source changes, never concurrently.
    public init(_ configuration: Configuration,
                log: @escaping Log = DevServer.logToStandardError,
                rebuild: @escaping @Sendable () async throws -> Void = {}) throws {
        let resolver = try SitePathResolver(siteDirectory: configuration.siteDirectory)
        var probe = in_addr()
        guard inet_pton(AF_INET, configuration.host, &probe) == 1 else { throw ServeError.invalidHost(configuration.host) }
        let files = SiteFileHandler(resolver: resolver)
        let hub = ReloadHub()
        let limits = LocalHTTPServer.Limits(maxConnections: configuration.maxConnections, readTimeout: configuration.readTimeout,
                                            headDeadline: configuration.headDeadline)
        self.server = LocalHTTPServer(host: configuration.host, port: configuration.port, limits: limits) { request in
            request.rawPath == LiveReload.path ? hub.upgrade(request) : .response(files.response(to: request))
        }
        self.hub = hub
        self.configuration = configuration
        self.log = log
        self.rebuild = rebuild
    }

    /// Serves until `stop()` is called or the calling task is cancelled.
    public func run() async throws {
        guard !stopping else { return }
        let port = try server.start()
        log("Serving \(Self.display(configuration.siteDirectory.path))/ at http://\(configuration.host):\(port) (Ctrl-C to stop)")
        let watcher = FileWatcher(directories: configuration.watchedDirectories,
                                  interval: configuration.pollInterval, debounce: configuration.debounce)
        let watching = Task { [weak self] in
            guard !watcher.directories.isEmpty, let self else { return }
            try? await watcher.run { changes in await self.rebuildAndReload(after: changes) }
        }
        defer { watching.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if stopping { continuation.resume() } else { stopped = continuation }
            }
        } onCancel: {
            Task { await self.stop() }
        }
    }

    /// Waits until the socket is bound and returns the port (the chosen one when configured with 0).
    @discardableResult
    public func waitUntilListening(timeout: TimeInterval = 5) async throws -> UInt16 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let port = server.port { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ServeError.notListening
    }

    /// The bound port while listening, nil before `run()` has bound its socket or after `stop()`.
    public var boundPort: UInt16? { server.port }

    /// Connections being served now (live-reload pages not counted); for tests of the limits.
    var activeConnections: Int { server.activeConnections }

    /// Closes the live-reload sockets and the listening socket; `run()` then returns normally.
    public func stop() async {
        stopping = true
        hub.disconnectAll()
        server.stop()
        stopped?.resume()
        stopped = nil
    }

    /// Number of pages currently connected for live reload.
    public var connectedPages: Int { hub.connectedPages }

    /// Tells every connected page to reload; returns how many were told.
    @discardableResult
    public func reloadPages() async -> Int {
        hub.reloadAll()
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
        let pages = hub.reloadAll()
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
