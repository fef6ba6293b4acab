import Compute
import Foundation

/// Finds MNIST where a user would put it and, when it is nowhere and downloading is allowed, fetches it from
/// the standard mirrors into `./data/mnist` first.
public enum MNISTSource {
    public static func load(dataDir: String?, offline: Bool, root: String, console: Console) throws -> MNIST {
        let cwd = absoluteRoot(root)
        let environment = ProcessInfo.processInfo.environment
        do {
            let directory = try MNISTLocator.resolve(dataDir: dataDir, environment: environment, cwd: cwd)
            return try MNIST.load(directory: directory)
        } catch MNISTError.notFound(let tried) where !offline && dataDir == nil {
            let target = MNISTLocator.defaultFetchDirectory(cwd: cwd)
            console.write("MNIST not found locally; downloading it into \(target) (use --offline to never download)")
            do {
                try blockingFetch(into: target, console: console)
            } catch {
                throw MNISTSourceError(tried: MNISTError.notFound(tried: tried), download: error)
            }
            return try MNIST.load(directory: target)
        }
    }

    /// Fails now when an explicit `--data-dir` holds no MNIST files: loading is lazy (a build from the cache
    /// never reads MNIST), so a mistyped folder would otherwise pass without a word. Looks at names only.
    public static func checkDataDir(_ dataDir: String?, root: String) throws {
        guard let dataDir, !dataDir.isEmpty else { return }
        _ = try MNISTLocator.resolve(dataDir: dataDir, environment: [:], cwd: absoluteRoot(root))
    }

    static func absoluteRoot(_ root: String) -> String {
        URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    /// Runs the async fetcher to completion from synchronous build code.
    static func blockingFetch(into directory: String, console: Console) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = ResultBox()
        Task.detached {
            do {
                _ = try await MNISTFetcher().fetch(into: directory, log: console.write)
                outcome.error = nil
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    private final class ResultBox: @unchecked Sendable { var error: (any Error)? }
}

/// MNIST was found nowhere and could not be downloaded: both stories, so the user sees every way out.
public struct MNISTSourceError: Error, CustomStringConvertible {
    public var tried: any Error
    public var download: any Error
    public var description: String { "\(tried)\nDownloading it failed too: \(download)" }
}
