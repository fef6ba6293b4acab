import Foundation

/// Which sitegen did the work, for a training run's record: the git commit of the checkout the running binary
/// was built in (SwiftPM puts it under `<checkout>/.build/...`), marked `+changes` when tracked files differ
/// from that commit. Found at run time because SwiftPM has no build-time hook for it.
public enum SoftwareIdentity {
    public static let current: String = {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return "sitegen (unknown build)" }
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                guard let commit = git(["rev-parse", "HEAD"], in: folder.path), commit.count == 40 else { break }
                let changes = git(["status", "--porcelain", "--untracked-files=no"], in: folder.path) ?? "?"
                return "sitegen \(commit)" + (changes.isEmpty ? "" : "+changes")
            }
            folder = folder.deletingLastPathComponent()
        }
        return "sitegen (built outside a git checkout)"
    }()

    private static func git(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
