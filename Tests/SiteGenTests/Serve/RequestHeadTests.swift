import Testing
@testable import SiteGen

@Suite struct RequestHeadTests {
    @Test func aHeadIsFoundAndParsedWhateverTheChunking() throws {
        let text = "GET /a%20b?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nX-Two:  spaced \r\n\r\nbody"
        for size in [1, 3, 1000] {
            var reader = RequestHead.Reader()
            var length: Int?
            var bytes = Array(text.utf8)[...]
            while length == nil, !bytes.isEmpty {
                length = try reader.append(bytes.prefix(size))
                bytes = bytes.dropFirst(size)
            }
            let head = try RequestHead.parse(reader.bytes[0..<length!])
            #expect(head.method == "GET" && head.target == "/a%20b?x=1" && head.rawPath == "/a%20b" && head.version == "HTTP/1.1")
            #expect(head.header("host") == "127.0.0.1:8000")
            #expect(head.header("x-two") == "spaced")
        }
    }

    @Test func everyByteIsInspectedOnceSoParsingIsLinear() throws {
        // Fed one byte at a time, as a slow client sends: FlyingFox's decoder re-scanned what it had for each.
        var reader = RequestHead.Reader()
        let head = Array(("GET / HTTP/1.1\r\n" + String(repeating: "X-Pad: 0123456789\r\n", count: 700) + "\r\n").utf8)
        var length: Int?
        for k in head.indices where length == nil { length = try reader.append(head[k...k]) }
        #expect(length == head.count)
        #expect(reader.scanned == head.count)
    }

    @Test func oversizedHeadsAreRefusedWith414Or431() throws {
        var url = RequestHead.Reader()
        #expect(throws: RequestHead.Refusal(status: 414, message: "request line over 8192 bytes")) {
            _ = try url.append(Array(("GET /" + String(repeating: "a", count: 9000)).utf8)[...])
        }
        var headers = RequestHead.Reader()
        #expect(throws: RequestHead.Refusal(status: 431, message: "request head over 16384 bytes")) {
            _ = try headers.append(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 17000)).utf8)[...])
        }
        var complete = RequestHead.Reader()
        #expect(throws: RequestHead.Refusal.self) {
            _ = try complete.append(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 17000) + "\r\n\r\n").utf8)[...])
        }
    }

    @Test func malformedHeadsAre400() {
        for bad in ["GET /\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n", "GET / HTTP/1.1\r\nno colon\r\n\r\n", "GET / FTP/1\r\n\r\n"] {
            #expect((try? RequestHead.parse(Array(bad.utf8)[...])) == nil, "\(bad)")
        }
    }
}

@Suite struct HostCheckTests {
    @Test func onlyThisServersNamesAndPortAreAllowed() {
        let check = HostCheck(listenHost: "127.0.0.1", port: 8000)
        for host in ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "127.0.0.1", "[::1]:8000"] {
            #expect(check.allows(host), "\(host)")
        }
        for host in ["evil.example", "evil.example:8000", "127.0.0.1:8001", "localhost.evil.example", "", "127.0.0.1:x"] {
            #expect(!check.allows(host), "\(host)")
        }
        #expect(!check.allows(nil))
    }

    @Test func onAllInterfacesAnyAddressButNoDomainName() {
        let check = HostCheck(listenHost: "0.0.0.0", port: 80)
        #expect(check.allows("192.168.1.20:80"))
        #expect(!check.allows("rebind.example:80"))
        #expect(!check.allows("0.0.0.0.example"))
    }
}
