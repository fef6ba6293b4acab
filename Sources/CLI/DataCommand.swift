import ArgumentParser
import Compute
import Foundation
import SiteGen

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Download or check the MNIST files.",
        subcommands: [Fetch.self, Check.self]
    )

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download the four MNIST files from the standard mirrors and verify their SHA-256.",
            discussion: "Files already present and correct are kept. Example:\n  sitegen data fetch --into data/mnist"
        )

        @Option(name: [.customLong("into"), .customLong("data-dir")], help: "Folder to download into (--data-dir is the same, as in `build`).")
        var into = "data/mnist"

        @Option(help: "Project folder; a relative --into is inside it (as for every command).")
        var root: String = "."

        func run() async throws {
            try await reportingErrors {
                let into = (into.hasPrefix("/") ? into : (root as NSString).appendingPathComponent(into))
                let report = try await MNISTFetcher().fetch(into: into, log: Console.standardError.write)
                print("MNIST ready in \(into): \(report.downloaded.count) downloaded, \(report.alreadyPresent.count) already present")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which MNIST folder sitegen would use and verify its files.",
            discussion: "Example:\n  sitegen data check --data-dir ~/datasets/mnist"
        )

        @Option(help: "MNIST folder to check (used alone when given).")
        var dataDir: String?

        @Option(help: "Project folder: ./data/mnist and ../shared/data/mnist are looked for from it (as for every command).")
        var root: String = "."

        func run() async throws {
            try await reportingErrors {
                let cwd = URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                    .standardizedFileURL.path
                let directory = try MNISTLocator.resolve(dataDir: dataDir, environment: ProcessInfo.processInfo.environment, cwd: cwd)
                let mnist = try MNIST.load(directory: directory)
                print("MNIST in \(directory): \(mnist.count(.train)) training and \(mnist.count(.test)) test images, checksums verified")
            }
        }
    }
}
