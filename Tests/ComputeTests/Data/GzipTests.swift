import Testing
@testable import Compute

@Suite struct GzipTests {
    private func sharedGzip(_ file: MNISTFile) throws -> [UInt8] {
        try FileSystem.live.read(join(sharedMNISTDirectory, file.gzipName))
    }

    @Test func detectsGzipByMagicBytes() throws {
        #expect(Gzip.isGzip(try sharedGzip(.testLabels)))
        #expect(!Gzip.isGzip(idxLabels([1, 2])))
        #expect(!Gzip.isGzip([0x1f]))
    }

    @Test func inflatesTheSharedLabelsToTheIDXBytes() throws {
        let raw = try Gzip.inflate(try sharedGzip(.testLabels), name: "t10k-labels")
        #expect(raw.count == 10_008)
        #expect(Array(raw[0..<4]) == [0, 0, 8, 1])
    }

    @Test func truncatedGzipIsAClearError() throws {
        let gz = try sharedGzip(.testLabels)
        #expect(throws: GzipError.self) { _ = try Gzip.inflate(Array(gz.prefix(gz.count / 2)), name: "half.gz") }
        let message = errorDescription { _ = try Gzip.inflate(Array(gz.prefix(gz.count / 2)), name: "half.gz") }
        #expect(message?.hasPrefix("half.gz: corrupt gzip file (") == true)
    }

    @Test func damagedGzipIsAClearError() throws {
        var gz = try sharedGzip(.testLabels)
        gz[gz.count - 6] ^= 0xff  // inside the CRC-32 trailer
        let message = errorDescription { _ = try Gzip.inflate(gz, name: "bad.gz") }
        #expect(message?.contains("bad.gz: corrupt gzip file") == true)
        var body = try sharedGzip(.testLabels)
        body[body.count / 2] ^= 0x55
        #expect(throws: GzipError.self) { _ = try Gzip.inflate(body, name: "bad.gz") }
    }
}
