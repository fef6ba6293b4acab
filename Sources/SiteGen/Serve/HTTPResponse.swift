import Foundation

/// A response of the dev server. Every connection carries one request (`Connection: close`), which keeps the
/// server simple and a slow client from holding a connection between requests.
struct HTTPResponse {
    enum Body {
        case bytes([UInt8])
        /// A file sent in chunks, with its size for Content-Length.
        case file(path: String, size: Int)
    }

    var status: Int
    var headers: [(String, String)]
    var body: Body
    /// HEAD: the headers of the GET answer, no body.
    var headOnly = false

    init(status: Int, headers: [(String, String)] = [], body: Body = .bytes([]), headOnly: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.headOnly = headOnly
    }

    /// A short plain-text answer for refusals (400, 405, 408, 414, 421, 431, 503).
    static func text(_ status: Int, _ message: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers,
                     body: .bytes(Array("\(status) \(reason(status)): \(message)\n".utf8)))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 101: return "Switching Protocols"
        case 200: return "OK"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 414: return "URI Too Long"
        case 421: return "Misdirected Request"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    var contentLength: Int {
        switch body {
        case .bytes(let bytes): return bytes.count
        case .file(_, let size): return size
        }
    }

    /// Writes the response; false when the peer went away.
    @discardableResult
    func write(to connection: SocketConnection) -> Bool {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers where name.lowercased() != "content-length" { head += "\(name): \(value)\r\n" }
        // A 101 hands the connection to the WebSocket protocol: no body, and it stays open.
        head += status == 101 ? "\r\n" : "Content-Length: \(contentLength)\r\nConnection: close\r\n\r\n"
        guard connection.send(Array(head.utf8)) else { return false }
        if headOnly { return true }
        switch body {
        case .bytes(let bytes):
            return bytes.isEmpty || connection.send(bytes)
        case .file(let path, _):
            guard let handle = FileHandle(forReadingAtPath: path) else { return false }
            defer { try? handle.close() }
            while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                guard connection.send([UInt8](chunk)) else { return false }
            }
            return true
        }
    }
}
