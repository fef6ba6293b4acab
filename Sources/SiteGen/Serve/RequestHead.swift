import Foundation

/// The head of an HTTP/1.1 request (request line and headers), found and parsed in one linear pass with size caps.
///
/// FlyingFox, which served before, re-scanned the bytes read so far for every new one: a 50 / 100 / 200 KB
/// header took 1.35 / 5.1 / 19.3 s of CPU, and nothing capped it. Here the end of the head is searched only in
/// the bytes just received, and a head larger than `maxHeadBytes` is refused unread (414 when the request line
/// alone is too long, else 431), as are malformed heads (400).
struct RequestHead: Equatable {
    var method: String
    /// The target exactly as sent (still percent-encoded, `..` and all).
    var target: String
    var version: String
    /// Header names lower-cased, in the order sent; a repeated header keeps its first value for `header(_:)`.
    var headers: [(name: String, value: String)]

    static let maxHeadBytes = 16 * 1024
    static let maxRequestLineBytes = 8 * 1024

    static func == (a: RequestHead, b: RequestHead) -> Bool {
        a.method == b.method && a.target == b.target && a.version == b.version
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// Why a head is refused, with the status to answer.
    struct Refusal: Error, Equatable {
        var status: Int
        var message: String
    }

    /// Accumulates received bytes and says when the head is complete, scanning each byte once.
    struct Reader {
        private(set) var bytes: [UInt8] = []
        /// Bytes inspected so far: each once, however the head arrives (tests count it).
        private(set) var scanned = 0
        private var lineEnd: Int?

        /// Appends `chunk`; returns the length of the head (through its blank line) once complete.
        mutating func append(_ chunk: ArraySlice<UInt8>) throws -> Int? {
            bytes.append(contentsOf: chunk)
            while scanned < bytes.count {
                let k = scanned
                scanned += 1
                guard bytes[k] == UInt8(ascii: "\n") else { continue }
                if lineEnd == nil { lineEnd = k }
                // A blank line: "\n\n" or "\n\r\n" ends the head.
                if k >= 1, bytes[k - 1] == UInt8(ascii: "\n") { return try checked(k + 1) }
                if k >= 2, bytes[k - 1] == UInt8(ascii: "\r"), bytes[k - 2] == UInt8(ascii: "\n") { return try checked(k + 1) }
            }
            if lineEnd == nil, bytes.count > RequestHead.maxRequestLineBytes { throw Refusal(status: 414, message: "request line over \(RequestHead.maxRequestLineBytes) bytes") }
            if bytes.count > RequestHead.maxHeadBytes { throw Refusal(status: 431, message: "request head over \(RequestHead.maxHeadBytes) bytes") }
            return nil
        }

        private func checked(_ length: Int) throws -> Int {
            if let lineEnd, lineEnd > RequestHead.maxRequestLineBytes { throw Refusal(status: 414, message: "request line over \(RequestHead.maxRequestLineBytes) bytes") }
            if length > RequestHead.maxHeadBytes { throw Refusal(status: 431, message: "request head over \(RequestHead.maxHeadBytes) bytes") }
            return length
        }
    }

    /// Parses a complete head (as delimited by `Reader`).
    static func parse(_ head: ArraySlice<UInt8>) throws -> RequestHead {
        var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line -> Substring in
            var line = line
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            return Substring(decoding: line, as: UTF8.self)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw Refusal(status: 400, message: "empty request") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[2].hasPrefix("HTTP/1.") else {
            throw Refusal(status: 400, message: "malformed request line")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }) else {
                throw Refusal(status: 400, message: "malformed header line")
            }
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return RequestHead(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), headers: headers)
    }

    /// The path part of the target, still percent-encoded: no query, no fragment.
    var rawPath: String {
        String(target.prefix { $0 != "?" && $0 != "#" })
    }
}
