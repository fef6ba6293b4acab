import Foundation
import Testing
@testable import Compute

/// The fetcher with a fake transport serving the shared copies (this machine has no internet).
@Suite struct MNISTFetcherTests {
    struct Offline: Error, CustomStringConvertible { var description: String { "network is unreachable" } }

    private func sharedGzip(_ name: String) throws -> [UInt8] {
        try FileSystem.live.read(join(sharedMNISTDirectory, name))
    }

    @Test func firstMirrorDownSecondMirrorIsUsedAndFilesAreWritten() async throws {
        let good = try Dictionary(uniqueKeysWithValues: MNISTFile.allCases.map { ($0.gzipName, try sharedGzip($0.gzipName)) })
        let (fs, disk) = FileSystem.inMemory()
        let withDisk = MNISTFetcher(
            mirrors: ["https://down.example/mnist/", "https://up.example/mnist/"],
            transport: { url in
                guard url.host == "up.example", let bytes = good[url.lastPathComponent] else { throw Offline() }
                return bytes
            },
            fileSystem: fs)
        let report = try await withDisk.fetch(into: "/repo/data/mnist")
        #expect(report.downloaded.map(\.url) == MNISTFile.allCases.map { "https://up.example/mnist/" + $0.gzipName })
        #expect(disk.paths == MNISTFile.allCases.map { "/repo/data/mnist/" + $0.gzipName }.sorted())
        #expect(disk.file("/repo/data/mnist/t10k-labels-idx1-ubyte.gz") == good["t10k-labels-idx1-ubyte.gz"])
        // What was written loads and verifies.
        _ = try MNIST.load(directory: "/repo/data/mnist", fileSystem: fs)

        // A second fetch finds everything present and downloads nothing.
        let again = try await withDisk.fetch(into: "/repo/data/mnist")
        #expect(again.downloaded.isEmpty)
        #expect(again.alreadyPresent.count == 4)
    }

    @Test func corruptDownloadIsAClearErrorAndNothingIsWritten() async throws {
        let labels = try sharedGzip("t10k-labels-idx1-ubyte.gz")
        var raw = try Gzip.inflate(labels, name: "t10k")
        raw[100] = raw[100] == 1 ? 2 : 1  // still a valid digit: only the digest can tell
        let damaged = raw
        let good = try Dictionary(uniqueKeysWithValues: MNISTFile.allCases.map { ($0.gzipName, try sharedGzip($0.gzipName)) })
        let (fs, disk) = FileSystem.inMemory()
        let fetcher = MNISTFetcher(
            mirrors: ["https://only.example/"],
            transport: { url in
                url.lastPathComponent == "t10k-labels-idx1-ubyte.gz" ? damaged : good[url.lastPathComponent]!
            },
            fileSystem: fs)
        do {
            _ = try await fetcher.fetch(into: "/repo/data/mnist")
            Issue.record("expected a fetch error")
        } catch let error as MNISTFetchError {
            #expect(error.file == "t10k-labels-idx1-ubyte.gz")
            #expect(error.failures.count == 1)
            #expect(error.failures[0].reason.contains("SHA-256"))
            #expect(error.description.contains("nothing was written"))
        }
        #expect(disk.paths.isEmpty)
    }

    @Test func noNetworkSaysWhatToDo() async {
        let (fs, disk) = FileSystem.inMemory()
        let fetcher = MNISTFetcher(transport: { _ in throw Offline() }, fileSystem: fs)
        do {
            _ = try await fetcher.fetch(into: "/repo/data/mnist")
            Issue.record("expected a fetch error")
        } catch {
            let message = "\(error)"
            #expect(message.contains("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz: network is unreachable"))
            #expect(message.contains("http://yann.lecun.com/exdb/mnist/train-images-idx3-ubyte.gz"))
            #expect(message.contains("offline"))
            #expect(message.contains("--data-dir"))
        }
        #expect(disk.paths.isEmpty)
    }

    @Test func aDamagedRawCopyIsReplacedInPlaceAndGoodFilesAreKept() async throws {
        let good = try Dictionary(uniqueKeysWithValues: MNISTFile.allCases.map { ($0.gzipName, try sharedGzip($0.gzipName)) })
        var initial: [String: [UInt8]] = [:]
        for file in [MNISTFile.trainImages, .trainLabels, .testImages] { initial["/m/" + file.gzipName] = good[file.gzipName] }
        var badLabels = try Gzip.inflate(good["t10k-labels-idx1-ubyte.gz"]!, name: "t10k")
        badLabels[8] = badLabels[8] == 7 ? 3 : 7
        initial["/m/t10k-labels-idx1-ubyte"] = badLabels
        let (fs, disk) = FileSystem.inMemory(initial)
        let requested = Locked<[String]>([])
        let fetcher = MNISTFetcher(mirrors: ["https://m.example/"], transport: { url in
            requested.mutate { $0.append(url.lastPathComponent) }
            return good[url.lastPathComponent]!
        }, fileSystem: fs)
        let report = try await fetcher.fetch(into: "/m")
        #expect(requested.value == ["t10k-labels-idx1-ubyte.gz"])
        #expect(report.alreadyPresent.count == 3)
        #expect(report.downloaded.map(\.file) == ["/m/t10k-labels-idx1-ubyte"])
        #expect(disk.file("/m/t10k-labels-idx1-ubyte").map { Array($0[8..<13]) } == [7, 2, 1, 0, 4])
        #expect(disk.file("/m/t10k-labels-idx1-ubyte.gz") == nil)
    }

    @Test func unreachableHostIsReportedInOneReadableLine() async throws {
        let fetcher = MNISTFetcher(
            mirrors: ["https://nowhere.example/"],
            transport: { url in
                throw NSError(domain: NSURLErrorDomain, code: NSURLErrorCannotFindHost, userInfo: [
                    NSLocalizedDescriptionKey: "Could not resolve host: nowhere.example",
                    NSURLErrorFailingURLStringErrorKey: url.absoluteString])
            },
            fileSystem: FileSystem.inMemory().0)
        do {
            _ = try await fetcher.fetch(into: "/repo/data/mnist")
            Issue.record("expected a fetch error")
        } catch let error as MNISTFetchError {
            #expect(error.failures.map(\.reason) == ["Could not resolve host: nowhere.example (no internet connection?)"])
            #expect(!error.description.contains("UserInfo"))
        }
    }
}

/// A value shared with a `@Sendable` closure in tests.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
