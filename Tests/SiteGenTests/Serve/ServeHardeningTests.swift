import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SiteGen

/// The attacks of issue 21 against a server started here on 127.0.0.1. Every wait is bounded (sockets time out
/// after 5 s, loops poll a bounded number of times), and the limits are set small so the test is quick.
@Suite("serve hardening", .timeLimit(.minutes(1))) struct ServeHardeningTests {
    func withServer(maxConnections: Int = 64, readTimeout: Duration = .seconds(5), headDeadline: Duration = .seconds(10),
                    _ body: (DevServer, UInt16) async throws -> Void) async throws {
        let fixture = try TempSite(); defer { fixture.remove() }
        let server = try DevServer(.init(siteDirectory: fixture.site, port: 0, maxConnections: maxConnections,
                                         readTimeout: readTimeout, headDeadline: headDeadline), log: { _ in })
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let port = try await server.waitUntilListening(timeout: 5)
        do { try await body(server, port) } catch { await server.stop(); throw error }
        await server.stop()
        _ = await running.result
    }

    func status(_ raw: String) -> Int? { (try? RawHTTPClient.parse(raw))?.status }

    @Test("a 1 MB header gets 431 and a 1 MB URL 414, while the server keeps answering")
    func hugeHeads() async throws {
        try await withServer { _, port in
            let megabyte = String(repeating: "a", count: 1 << 20)
            async let header = RawHTTPClient.exchange(port: port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Big: \(megabyte)\r\n\r\n")
            async let url = RawHTTPClient.exchange(port: port, "GET /\(megabyte) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
            let normal = try await RawHTTPClient.get(port: port, "/")
            #expect(normal.status == 200)
            #expect(status(try await header) == 431)
            #expect(status(try await url) == 414)
            #expect(try await RawHTTPClient.get(port: port, "/style.css").status == 200)
        }
    }

    @Test("half-sent requests are answered 408 after the read timeout; past the cap new ones get 503 at once")
    func halfSentRequests() async throws {
        try await withServer(maxConnections: 8, readTimeout: .seconds(2), headDeadline: .seconds(4)) { server, port in
            var sockets: [Int32] = []
            for _ in 0..<8 {
                let fd = try RawHTTPClient.open(port: port)
                try RawHTTPClient.sendText(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n")
                sockets.append(fd)
            }
            defer { sockets.forEach { close($0) } }
            try await waitFor("8 connections held", seconds: 10) { await server.activeConnections == 8 }
            // Full: answered without being read, however many come.
            for _ in 0..<20 { #expect(try await RawHTTPClient.get(port: port, "/").status == 503) }
            let answers = try await RawHTTPClient.blocking { [sockets] in try sockets.map { try RawHTTPClient.readToEnd($0) } }
            #expect(answers.map(status) == Array(repeating: 408, count: 8))
            try await waitFor("the held connections to be released", seconds: 10) { await server.activeConnections == 0 }
            #expect(try await RawHTTPClient.get(port: port, "/").status == 200)
        }
    }

    @Test("a head trickled a byte at a time is cut off by the head deadline")
    func trickledHead() async throws {
        try await withServer(readTimeout: .seconds(2), headDeadline: .seconds(1)) { _, port in
            let answer = try await RawHTTPClient.blocking {
                let fd = try RawHTTPClient.open(port: port)
                defer { close(fd) }
                var sent = 0
                let line = "GET / HTTP/1.1\r\nX-Slow: " + String(repeating: "a", count: 200)
                // Bounded: at most 200 bytes, 20 ms apart (4 s), against a 1 s deadline.
                for byte in line {
                    var answered = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    if poll(&answered, 1, 0) > 0 { break }  // the server has answered: stop sending
                    guard (try? RawHTTPClient.sendText(fd, String(byte))) != nil else { break }
                    sent += 1
                    usleep(20_000)
                }
                #expect(sent < line.count)
                return (try? RawHTTPClient.readToEnd(fd)) ?? ""
            }
            #expect(status(answer) == 408)
        }
    }

    @Test("a Host that is not this server is refused with 421 (DNS rebinding); localhost with the port is served")
    func hostHeader() async throws {
        try await withServer { _, port in
            func get(_ host: String?) async throws -> Int? {
                let hostLine = host.map { "Host: \($0)\r\n" } ?? ""
                return status(try await RawHTTPClient.exchange(port: port, "GET / HTTP/1.1\r\n\(hostLine)Connection: close\r\n\r\n"))
            }
            var statuses: [Int?] = []
            for host in ["rebind.example:\(port)", "127.0.0.1:\(port == 1 ? 2 : 1)", nil, "localhost:\(port)", "127.0.0.1"] {
                statuses.append(try await get(host))
            }
            #expect(statuses == [421, 421, 421, 200, 200])
        }
    }
}
