import Crypto
import Foundation

/// The live-reload WebSockets of open pages, so a rebuild can tell every page to reload. Pages are kept in
/// connection order (an array, not a dictionary) so nothing depends on hash order, and at most `maxPages` are
/// kept: each holds a connection (and its thread) for as long as the page is open.
final class ReloadHub: @unchecked Sendable {
    static let maxPages = 32
    private let lock = NSLock()
    private var nextID = 0
    private var pages: [(id: Int, connection: SocketConnection)] = []

    var connectedPages: Int { lock.withLock { pages.count } }

    /// The answer to a page asking for `LiveReload.path`: the WebSocket handshake, or why not.
    func upgrade(_ head: RequestHead) -> LocalHTTPServer.Outcome {
        guard head.method == "GET", head.header("upgrade")?.lowercased() == "websocket",
              let key = head.header("sec-websocket-key"), !key.isEmpty, head.header("sec-websocket-version") == "13" else {
            return .response(.text(400, "\(LiveReload.path) is the live-reload WebSocket; connect with a WebSocket client"))
        }
        guard connectedPages < Self.maxPages else {
            return .response(.text(503, "too many pages connected for live reload (at most \(Self.maxPages))"))
        }
        let accept = Data(Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
        let response = HTTPResponse(status: 101, headers: [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                           ("Sec-WebSocket-Accept", accept)])
        return .upgrade(response) { [self] connection in keep(connection) }
    }

    /// Registers the page, then reads its frames until it closes; the page never sends anything we need.
    private func keep(_ connection: SocketConnection) {
        let id = lock.withLock { () -> Int in
            nextID += 1
            pages.append((nextID, connection))
            return nextID
        }
        connection.clearReadTimeout()
        var frames = WebSocketFrames()
        var buffer = [UInt8](repeating: 0, count: 4096)
        reading: while case .bytes(let chunk) = connection.receive(into: &buffer) {
            switch frames.append(chunk) {
            case .more: continue
            case .close, .tooLarge: break reading
            }
        }
        lock.withLock { pages.removeAll { $0.id == id } }
        connection.close()
    }

    /// Sends the reload message to every connected page and returns how many were told.
    @discardableResult
    func reloadAll() -> Int {
        let current = lock.withLock { pages }
        let frame = WebSocketFrames.text(LiveReload.reloadMessage)
        for page in current { page.connection.send(frame) }
        return current.count
    }

    /// Closes every page's socket so the server can shut down without waiting on them.
    func disconnectAll() {
        let current = lock.withLock { pages }
        for page in current { page.connection.close() }
    }
}

/// Just enough of RFC 6455 for live reload: unmasked text frames out, and client frames read only to notice a
/// close. A frame over 64 KiB ends the connection, so a client cannot make the server buffer without limit.
struct WebSocketFrames {
    enum Event { case more, close, tooLarge }
    private var buffer: [UInt8] = []

    static func text(_ message: String) -> [UInt8] {
        let payload = Array(message.utf8)
        precondition(payload.count < 126, "reload messages are short")
        return [0x81, UInt8(payload.count)] + payload
    }

    mutating func append(_ chunk: ArraySlice<UInt8>) -> Event {
        buffer.append(contentsOf: chunk)
        while buffer.count >= 2 {
            let opcode = buffer[0] & 0x0f
            var length = Int(buffer[1] & 0x7f)
            var offset = 2
            if length == 126 {
                guard buffer.count >= 4 else { return .more }
                length = Int(buffer[2]) << 8 | Int(buffer[3])
                offset = 4
            } else if length == 127 {
                return .tooLarge
            }
            if buffer[1] & 0x80 != 0 { offset += 4 }
            guard length <= 1 << 16 else { return .tooLarge }
            if opcode == 0x8 { return .close }
            guard buffer.count >= offset + length else { return .more }
            buffer.removeFirst(offset + length)
        }
        return .more
    }
}
