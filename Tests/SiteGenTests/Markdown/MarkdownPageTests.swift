import Foundation
import Testing
@testable import SiteGen

/// A whole rendered page, checked by outside tools.
@Suite struct MarkdownPageTests {
    static let tidy = ["/usr/bin/tidy", "/usr/local/bin/tidy"].first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
            .map { "\($0)/tidy" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    static func page(_ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Sample</title>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// Runs `tidy -q -e` and returns its exit status (0 clean, 1 warnings, 2 errors) and report.
    static func tidyCheck(_ html: String) throws -> (status: Int32, report: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-tidy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("page.html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tidy ?? "tidy")
        process.arguments = ["-q", "-e", file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let report = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, report)
    }

    @Test(.enabled(if: tidy != nil, "tidy is not installed"))
    func renderedWriteUpIsCleanHTML5() throws {
        let body = try MarkdownRenderer.render(SampleWriteUp.markdown, source: "sample.md")
        #expect(body.components(separatedBy: "<math ").count - 1 == 16)
        let result = try Self.tidyCheck(Self.page(body))
        #expect(result.status == 0, "tidy: \(result.report)")
    }

    /// tidy passes MathML through unchecked (even `<mfoo>`), so it can only vouch for the HTML around formulas;
    /// MathMLStructureTests checks the formulas. This control shows tidy does flag the HTML mistakes we repair.
    @Test(.enabled(if: tidy != nil, "tidy is not installed"))
    func tidyFlagsWhatTheRepairsPrevent() throws {
        #expect(try Self.tidyCheck(Self.page("<p><pre>x</pre></p>")).status != 0)
        #expect(try Self.tidyCheck(Self.page(#"<p><a href="?a=1&b=2">x</a></p>"#)).status != 0)
        #expect(try Self.tidyCheck(Self.page(#"<table><tr><td align="left">1</td></tr></table>"#)).status != 0)
    }
}
