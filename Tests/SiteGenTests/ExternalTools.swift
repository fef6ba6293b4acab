import Foundation
import Testing

/// Programs some tests run (tidy, Chromium). A missing one fails the test that needs it, saying what to install:
/// a check that skips itself when its tool is absent would pass on exactly the machines that never ran it.
/// `./scripts/test` installs both (scripts/ensure-packages).
enum ExternalTools {
    struct Missing: Error, CustomStringConvertible {
        var program: String
        var package: String
        var description: String {
            "\(program) is not installed, so this check cannot run; install it with `apt-get install -y \(package)` "
                + "(./scripts/test does so when it can)"
        }
    }

    static func path(_ program: String, package: String) throws -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(program)") {
            return "\(folder)/\(program)"
        }
        throw Missing(program: program, package: package)
    }

    static func tidy() throws -> String { try path("tidy", package: "tidy") }
    static func chromium() throws -> String { try path("chromium", package: "chromium") }

    /// Runs a program to its end (killed after `timeout` seconds), returning its exit status, stdout and stderr.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // stderr goes to a file and stdout to a pipe read to its end, so neither can fill up and block the program.
        let errPath = NSTemporaryDirectory() + "sitegen-tool-stderr-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: errPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errPath])
        }
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + timeout)
        timer.setEventHandler { if process.isRunning { process.terminate() } }
        timer.resume()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        try err.close()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// tidy's report on each page; tidy exits 0 only with no warnings and no errors (1 for warnings, 2 for errors),
    /// and every page must be clean: a warning (an empty span, an unclosed tag) is a page that reads wrong somewhere.
    static func expectTidyClean(_ pages: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tidy = try tidy()
        for page in pages {
            let result = try run(tidy, ["-q", "-e", page])
            #expect(result.status == 0, "tidy on \(page) (exit \(result.status)):\n\(result.err)", sourceLocation: sourceLocation)
        }
    }
}
