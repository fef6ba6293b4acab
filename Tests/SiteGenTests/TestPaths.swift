import Foundation

enum TestPaths {
    /// The repository root, found from this file's path (Tests/SiteGenTests/TestPaths.swift).
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The original MNIST files, beside the repository on every development and CI machine.
    static let mnist = (repoRoot as NSString).appendingPathComponent("../shared/data/mnist")

    static func temporaryDirectory(_ name: String = #function) throws -> String {
        let path = NSTemporaryDirectory() + "sitegen-tests-" + name.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
