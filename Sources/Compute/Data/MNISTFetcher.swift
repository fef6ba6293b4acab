import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads the four MNIST `.gz` files, verifies them and only then writes them.
///
/// The transport is injected so tests (and this offline machine) never touch the network. All four files
/// are downloaded and verified in memory (~11 MB) before the first write, so a failed or corrupt fetch
/// leaves the folder as it was.
public struct MNISTFetcher: Sendable {
    public typealias Transport = @Sendable (URL) async throws -> [UInt8]

    /// PyTorch's mirror first (torchvision's list), then TensorFlow's CVDF mirror, then the original
    /// site, which often refuses downloads now.
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]

    public var mirrors: [String]
    public var transport: Transport
    public var fileSystem: FileSystem

    public init(mirrors: [String] = MNISTFetcher.defaultMirrors, transport: @escaping Transport = MNISTFetcher.liveTransport,
                fileSystem: FileSystem = .live) {
        self.mirrors = mirrors
        self.transport = transport
        self.fileSystem = fileSystem
    }

    public struct Report: Equatable, Sendable {
        /// Files written, with the mirror each came from.
        public var downloaded: [(file: String, url: String)]
        /// Files already present and verified, so not downloaded again.
        public var alreadyPresent: [String]

        public static func == (a: Report, b: Report) -> Bool {
            a.downloaded.map(\.file) == b.downloaded.map(\.file) && a.downloaded.map(\.url) == b.downloaded.map(\.url)
                && a.alreadyPresent == b.alreadyPresent
        }
    }

    /// Fetches into `directory` (normally `MNISTLocator.defaultFetchDirectory(cwd:)`) whichever of the
    /// four files are missing or fail verification there. `log` gets one line per attempt.
    public func fetch(into directory: String, log: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        var toWrite: [(path: String, bytes: [UInt8], url: String)] = []
        var present: [String] = []
        for file in MNISTFile.allCases {
            let existing = file.path(in: directory, fileSystem: fileSystem)
            if let existing, (try? file.verify(file.readBytes(existing, fileSystem: fileSystem), file: existing)) != nil {
                log("\(existing): present and verified")
                present.append(existing)
                continue
            }
            let download = try await download(file, log: log)
            // A bad raw copy would shadow a new .gz (loaders prefer raw files), so it is replaced in place.
            if existing == join(directory, file.baseName) {
                toWrite.append((join(directory, file.baseName), download.uncompressed, download.url))
            } else {
                toWrite.append((join(directory, file.gzipName), download.bytes, download.url))
            }
        }
        if !toWrite.isEmpty { try fileSystem.createDirectory(directory) }
        for item in toWrite {
            try fileSystem.write(item.path, item.bytes)
            log("\(item.path): written (\(item.bytes.count) bytes from \(item.url))")
        }
        return Report(downloaded: toWrite.map { ($0.path, $0.url) }, alreadyPresent: present)
    }

    /// The bytes of `file` as served (normally gzip) and uncompressed, from the first mirror that serves a
    /// copy whose uncompressed bytes have the standard digest.
    func download(_ file: MNISTFile, log: @Sendable (String) -> Void) async throws
        -> (bytes: [UInt8], uncompressed: [UInt8], url: String) {
        var failures: [MNISTFetchError.Failure] = []
        for mirror in mirrors {
            let address = mirror.hasSuffix("/") ? mirror + file.gzipName : mirror + "/" + file.gzipName
            guard let url = URL(string: address) else {
                failures.append(.init(url: address, reason: "not a valid URL"))
                continue
            }
            do {
                let bytes = try await transport(url)
                let uncompressed = try file.inflateIfGzip(bytes, name: address)
                try file.verify(uncompressed, file: address)
                log("\(address): downloaded and verified")
                return (bytes, uncompressed, address)
            } catch {
                let reason = MNISTFetchError.reason(error)
                log("\(address): failed: \(reason)")
                failures.append(.init(url: address, reason: reason))
            }
        }
        throw MNISTFetchError(file: file.gzipName, failures: failures)
    }

    /// URLSession download; any non-200 answer is an error naming the status.
    public static let liveTransport: Transport = { url in
        let (data, response) = try await URLSession.shared.data(from: url)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            throw MNISTFetchError.HTTPStatus(code: http.statusCode)
        }
        return [UInt8](data)
    }
}

public struct MNISTFetchError: Error, CustomStringConvertible, Equatable {
    public struct Failure: Equatable, Sendable {
        public var url: String
        public var reason: String
    }

    public struct HTTPStatus: Error, CustomStringConvertible {
        public var code: Int
        public var description: String { "HTTP status \(code)" }
    }

    public var file: String
    public var failures: [Failure]

    /// Foundation's network errors print as a nested userInfo dump; its localized description
    /// ("Could not resolve host: ...") is the part a user can act on.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        guard ns.domain == NSURLErrorDomain else { return "\(error)" }
        let text = ns.userInfo[NSLocalizedDescriptionKey] as? String ?? "network error \(ns.code)"
        return ns.code == NSURLErrorCannotFindHost || ns.code == NSURLErrorNotConnectedToInternet
            ? text + " (no internet connection?)" : text
    }

    public var description: String {
        let lines = failures.map { "  - \($0.url): \($0.reason)" }.joined(separator: "\n")
        return """
            Could not download a good copy of \(file); nothing was written. Tried:
            \(lines)
            If this machine is offline, copy the four MNIST files (raw or .gz) from a machine with internet \
            into ./data/mnist, or set SITEGEN_DATA / pass --data-dir to a folder that has them.
            """
    }
}
