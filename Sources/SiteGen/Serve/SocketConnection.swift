import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One accepted TCP connection with blocking I/O and timeouts; its thread reads, the reload hub may also send.
final class SocketConnection: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var closed = false

    init(fd: Int32, readTimeout: Duration, writeTimeout: Duration = .seconds(10)) {
        self.fd = fd
        Self.setTimeout(fd, SO_RCVTIMEO, readTimeout)
        Self.setTimeout(fd, SO_SNDTIMEO, writeTimeout)
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    /// The descriptor is released only here, when neither the connection's thread nor the hub holds it, so a
    /// number reused by a new connection is never read or written by an old holder.
    deinit {
        #if canImport(Glibc)
        Glibc.close(fd)
        #else
        Darwin.close(fd)
        #endif
    }

    static func setTimeout(_ fd: Int32, _ option: Int32, _ duration: Duration) {
        let parts = duration.components
        var value = timeval(tv_sec: Int(parts.seconds), tv_usec: .init(parts.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// A live-reload socket waits for the page indefinitely: the page sends nothing until it goes away.
    func clearReadTimeout() { Self.setTimeout(fd, SO_RCVTIMEO, .zero) }

    enum Received { case bytes(ArraySlice<UInt8>), closed, timedOut }

    func receive(into buffer: inout [UInt8]) -> Received {
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { return .bytes(buffer[0..<n]) }
            if n == 0 { return .closed }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .closed
        }
    }

    /// Sends everything or returns false (peer gone, or it stopped reading for the write timeout).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        lock.withLock {
            guard !closed else { return false }
            var sent = 0
            while sent < bytes.count {
                #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
                #else
                let flags: Int32 = 0
                #endif
                let n = bytes[sent...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, flags) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                sent += n
            }
            return true
        }
    }

    /// Ends our side, then reads and drops what the peer is still sending (at most `limit` bytes, each read
    /// waiting at most 250 ms), so closing does not reset the connection before the peer read our answer.
    func finish(drainingUpTo limit: Int = 2 << 20) {
        lock.withLock { if !closed { shutdown(fd, Int32(SHUT_WR)) } }
        Self.setTimeout(fd, SO_RCVTIMEO, .milliseconds(250))
        var buffer = [UInt8](repeating: 0, count: 65536)
        var drained = 0
        while drained < limit, case .bytes(let chunk) = receive(into: &buffer) { drained += chunk.count }
        close()
    }

    /// Shuts the connection down both ways, which also wakes a thread blocked reading it.
    func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            shutdown(fd, Int32(SHUT_RDWR))
        }
    }
}
