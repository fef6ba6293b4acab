import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Compute

/// A small gzip file that inflates to gigabytes, posing as an MNIST file. It used to be inflated whole (3.3 GB
/// from 14 MB) before its 16-byte IDX header was looked at; now the header is checked as soon as it is out,
/// and inflating stops one 1 MiB chunk past the size the header announces.
@Suite struct GzipBombTests {
    /// `header` then `megabytes` MiB of zeros, gzipped: 16 MiB members (about 16 KiB each compressed) repeated, which
    /// gunzip and `Gzip.inflate` read as one stream.
    static func bomb(header: [UInt8], megabytes: Int) throws -> [UInt8] {
        func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "gzip -9 -c"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let writer = Thread { input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close() }
            writer.start()
            let compressed = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return [UInt8](compressed)
        }
        let member = try gzip([UInt8](repeating: 0, count: 16 << 20))
        var out = try gzip(header)
        for _ in 0..<(megabytes / 16) { out += member }
        return out
    }

    /// The process's peak resident size in bytes (Linux reports KiB).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage.ru_maxrss * 1024
    }

    @Test func aBombWithAWrongHeaderIsRefusedByItsHeaderThroughTheLoader() throws {
        let gz = try Self.bomb(header: [0x12, 0x34, 0x56, 0x78] + [UInt8](repeating: 0, count: 12), megabytes: 2048)
        #expect(gz.count < 4 << 20)  // 2 GiB inflated
        let (fs, _) = FileSystem.inMemory([
            "/d/train-images-idx3-ubyte.gz": gz, "/d/train-labels-idx1-ubyte": idxLabels([5, 0, 4]),
            "/d/t10k-images-idx3-ubyte": idxImages(count: 2), "/d/t10k-labels-idx1-ubyte": idxLabels([7, 2]),
        ])
        let before = Self.peakResidentBytes()
        let error = try #require(throws: MNISTError.self) { _ = try MNIST.load(directory: "/d", fileSystem: fs, verifyChecksums: false) }
        #expect(error == .badMagic(file: "/d/train-images-idx3-ubyte.gz", expected: IDX.imagesMagic, found: 0x1234_5678))
        #expect(Self.peakResidentBytes() - before < 256 << 20)
    }

    @Test func aBombWithAPlausibleHeaderStopsAtTheSizeItAnnounces() throws {
        // 10 labels: the file must inflate to exactly 18 bytes, not 2 GiB.
        let gz = try Self.bomb(header: [0, 0, 8, 1, 0, 0, 0, 10], megabytes: 2048)
        let before = Self.peakResidentBytes()
        let error = try #require(throws: GzipError.self) {
            _ = try MNISTFile.testLabels.inflateIfGzip(gz, name: "/d/t10k-labels-idx1-ubyte.gz")
        }
        #expect(error.description.hasPrefix(
            "/d/t10k-labels-idx1-ubyte.gz: corrupt gzip file (it inflates to more than the 18 bytes its header announces)"))
        #expect(Self.peakResidentBytes() - before < 256 << 20)
    }

    @Test func aGoodGzipFileStillInflatesWithTheLimit() throws {
        let labels = idxLabels([1, 2, 3])
        let gz = try Self.bomb(header: labels, megabytes: 0)
        #expect(try MNISTFile.trainLabels.inflateIfGzip(gz, name: "l.gz") == labels)
    }
}
