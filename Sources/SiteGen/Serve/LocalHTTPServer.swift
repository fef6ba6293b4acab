import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The dev server's HTTP/1.1 listener: plain sockets, one thread per connection, every resource bounded.
///
/// It replaces FlyingFox, whose request parsing was quadratic and unbounded, with no read timeout: two local
/// clients sending a 1 MB header and a 1 MB URL left it answering nothing at ~195 % CPU for 40 s, and 300
/// half-sent requests were held 21 s or more. Here a head is read in linear time up to 16 KB (414 / 431 past
/// that), each read waits at most `readTimeout` and the whole head `headDeadline` (408), at most
/// `maxConnections` connections are served at once (503 beyond, answered without reading), and a `Host` that
/// is not this server's is refused (421: DNS rebinding).
final class LocalHTTPServer: @unchecked Sendable {
    struct Limits: Sendable {
        var maxConnections = 64
        var readTimeout: Duration = .seconds(5)
        var headDeadline: Duration = .seconds(10)
    }

    enum Outcome {
        case response(HTTPResponse)
        /// The connection is handed over (a WebSocket); the closure owns it from then on.
        case upgrade(HTTPResponse, (SocketConnection) -> Void)
    }

    typealias Handler = @Sendable (RequestHead) -> Outcome

    private let host: String
    private let requestedPort: UInt16
    private let limits: Limits
    private let handler: Handler
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var boundPort: UInt16?
    private var stopped = false
    private var active = 0
    private var acceptThreadDone = DispatchSemaphore(value: 0)

    init(host: String, port: UInt16, limits: Limits, handler: @escaping Handler) {
        self.host = host
        self.requestedPort = port
        self.limits = limits
        self.handler = handler
    }

    var port: UInt16? { lock.withLock { boundPort } }
    var activeConnections: Int { lock.withLock { active } }

    /// Binds and listens, then accepts on a thread of its own; returns the bound port.
    func start() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServeError.cannotListen(address: "\(host):\(requestedPort)", reason: Self.reason()) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requestedPort.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw ServeError.invalidHost(host)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let reason = Self.reason()
            close(fd)
            throw ServeError.cannotListen(address: "\(host):\(requestedPort)", reason: reason)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = UInt16(bigEndian: actual.sin_port)
        lock.withLock { listener = fd; boundPort = port }
        let thread = Thread { [self] in acceptLoop(fd, hostCheck: HostCheck(listenHost: host, port: port)) }
        thread.name = "sitegen serve: accept"
        thread.start()
        return port
    }

    /// Stops accepting and waits (briefly) for the accept thread; open connections end by their own timeouts.
    func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped && listener >= 0
        }
        if wasRunning { _ = acceptThreadDone.wait(timeout: .now() + 2) }
        lock.withLock { boundPort = nil }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }

    private func acceptLoop(_ fd: Int32, hostCheck: HostCheck) {
        defer {
            close(fd)
            acceptThreadDone.signal()
        }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while !lock.withLock({ stopped }) {
            // Polling in short steps lets stop() end the loop without relying on close() waking accept().
            guard poll(&poller, 1, 100) > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            let connection = SocketConnection(fd: client, readTimeout: limits.readTimeout)
            let admitted = lock.withLock { () -> Bool in
                guard active < limits.maxConnections else { return false }
                active += 1
                return true
            }
            guard admitted else {
                // Answered without reading, with a short write timeout: a full server must stay cheap.
                SocketConnection.setTimeout(client, SO_SNDTIMEO, .milliseconds(100))
                HTTPResponse.text(503, "too many connections (at most \(limits.maxConnections))",
                                  headers: [("Retry-After", "1")]).write(to: connection)
                connection.close()
                continue
            }
            let thread = Thread { [self] in
                serve(connection, hostCheck: hostCheck)
                lock.withLock { active -= 1 }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(_ connection: SocketConnection, hostCheck: HostCheck) {
        let head: RequestHead
        switch readHead(connection) {
        case .failure(let refusal):
            if refusal.status != 0 { HTTPResponse.text(refusal.status, refusal.message).write(to: connection) }
            connection.finish()
            return
        case .success(let parsed):
            head = parsed
        }
        guard hostCheck.allows(head.header("host")) else {
            HTTPResponse.text(421, "this server answers only for 127.0.0.1 and localhost, port \(hostCheck.port)").write(to: connection)
            connection.finish()
            return
        }
        switch handler(head) {
        case .response(let response):
            response.write(to: connection)
            connection.finish()
        case .upgrade(let response, let takeOver):
            // The connection no longer counts as a request being served: the hub bounds live-reload pages.
            guard response.write(to: connection) else { connection.close(); return }
            lock.withLock { active -= 1 }
            takeOver(connection)
            lock.withLock { active += 1 }
        }
    }

    /// Reads until the head is complete; a refusal with status 0 means the peer left (nothing to answer).
    private func readHead(_ connection: SocketConnection) -> Result<RequestHead, RequestHead.Refusal> {
        var reader = RequestHead.Reader()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + limits.headDeadline
        while true {
            switch connection.receive(into: &buffer) {
            case .closed:
                return .failure(.init(status: 0, message: "closed"))
            case .timedOut:
                return .failure(.init(status: 408, message: "no complete request head within \(limits.readTimeout)"))
            case .bytes(let chunk):
                do {
                    if let length = try reader.append(chunk) {
                        return .success(try RequestHead.parse(reader.bytes[0..<length]))
                    }
                } catch let refusal as RequestHead.Refusal {
                    return .failure(refusal)
                } catch {
                    return .failure(.init(status: 400, message: "\(error)"))
                }
                if ContinuousClock.now > deadline {
                    return .failure(.init(status: 408, message: "request head not complete within \(limits.headDeadline)"))
                }
            }
        }
    }
}
