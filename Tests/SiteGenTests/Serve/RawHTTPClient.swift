import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb HTTP client over a plain TCP socket: it sends the request line exactly as written
/// (real clients normalise `/../` away, hiding traversal attempts from the server) and reads until the
/// server closes. Blocking I/O runs on its own thread with socket timeouts, so a broken server fails the
/// test instead of hanging it or starving Swift's small cooperative thread pool.
enum RawHTTPClient {
    struct Response {
        var status: Int
        var headers: [String: String]  // lowercased names
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func get(port: UInt16, _ target: String, method: String = "GET") async throws -> Response {
        let raw = try await exchange(port: port, "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        return try parse(raw)
    }

    /// Opens the live-reload WebSocket, then waits for one text frame from the server and returns it.
    static func awaitWebSocketText(port: UInt16, path: String, onOpen: @escaping @Sendable () -> Void) async throws -> String {
        try await onThread {
            let fd = try connect(port: port)
            defer { close(fd) }
            let handshake = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            try sendAll(fd, Array(handshake.utf8))
            var buffer: [UInt8] = []
            let end = Array("\r\n\r\n".utf8)
            while !(buffer.count >= 4 && Array(buffer.suffix(4)) == end) {
                buffer.append(contentsOf: try receive(fd, upTo: 1))
            }
            let head = String(decoding: buffer, as: UTF8.self)
            guard head.hasPrefix("HTTP/1.1 101") else { throw Failure(description: "no upgrade: \(head)") }
            onOpen()
            let header = try receiveExactly(fd, 2)
            guard header[0] == 0x81 else { throw Failure(description: "expected a text frame, got \(header[0])") }
            let length = Int(header[1] & 0x7f)
            guard length < 126 else { throw Failure(description: "unexpectedly long frame") }
            return String(decoding: try receiveExactly(fd, length), as: UTF8.self)
        }
    }

    static func exchange(port: UInt16, _ request: String) async throws -> String {
        try await onThread {
            let fd = try connect(port: port)
            defer { close(fd) }
            try sendAll(fd, Array(request.utf8))
            var response: [UInt8] = []
            while true {
                let chunk = try receive(fd, upTo: 65536)
                if chunk.isEmpty { break }
                response.append(contentsOf: chunk)
            }
            return String(decoding: response, as: UTF8.self)
        }
    }

    static func parse(_ raw: String) throws -> Response {
        guard let split = raw.range(of: "\r\n\r\n") else { throw Failure(description: "no header end in: \(raw)") }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line: \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(raw[split.upperBound...]))
    }

    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// A connected socket the test drives itself (half-sent and trickled requests); close it with `close(fd)`.
    static func open(port: UInt16) throws -> Int32 { try connect(port: port) }

    static func sendText(_ fd: Int32, _ text: String) throws { try sendAll(fd, Array(text.utf8)) }

    /// Everything the server sends until it closes (or the 5 s timeout throws).
    static func readToEnd(_ fd: Int32) throws -> String {
        var response: [UInt8] = []
        while true {
            let chunk = try receive(fd, upTo: 65536)
            if chunk.isEmpty { break }
            response.append(contentsOf: chunk)
        }
        return String(decoding: response, as: UTF8.self)
    }

    /// Runs blocking socket work on a thread of its own (the cooperative pool has 2 threads here).
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T { try await onThread(work) }

    private static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed, errno \(errno)")
        }
        return fd
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed, errno \(errno)") }
            sent += n
        }
    }

    /// Empty means the server closed the connection; a timeout throws.
    private static func receive(_ fd: Int32, upTo count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, 0) }
        guard n >= 0 else { throw Failure(description: "recv failed or timed out, errno \(errno)") }
        return Array(buffer[..<n])
    }

    private static func receiveExactly(_ fd: Int32, _ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        while out.count < count {
            let chunk = try receive(fd, upTo: count - out.count)
            guard !chunk.isEmpty else { throw Failure(description: "connection closed early") }
            out.append(contentsOf: chunk)
        }
        return out
    }
}
