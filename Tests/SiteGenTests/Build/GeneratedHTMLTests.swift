import Foundation
import Testing
@testable import SiteGen

/// Builds the project's real site (real content, templates, figures and MNIST) into a temporary folder.
@Suite(.serialized) struct GeneratedSite {
    static let build: Result<String, any Error> = Result {
        let out = try TestPaths.temporaryDirectory("real-site")
        var options = BuildOptions(root: TestPaths.repoRoot, siteDirectory: out + "/site", cacheDirectory: out + "/cache")
        options.backend = "digits"
        try SiteBuilder(options: options, console: .silent, loadMNIST: SharedMNIST.load).build()
        return out + "/site"
    }

    static var tidyPath: String? {
        ["/usr/bin/tidy", "/usr/local/bin/tidy"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func everyContentSectionHasAPage() throws {
        let site = try Self.build.get()
        let content = try ContentLoader.load(directory: TestPaths.repoRoot + "/content")
        for section in content.sections {
            #expect(FileManager.default.fileExists(atPath: site + "/" + section.pageName), "no page for \(section.id)")
        }
        let page = try String(contentsOfFile: site + "/b.1.2-denoiser.html", encoding: .utf8)
        #expect(page.contains("figures/b.noising.png"))
        #expect(page.contains("<math"))
    }

    @Test(.enabled(if: GeneratedSite.tidyPath != nil)) func tidyFindsNoErrorsInAnyPage() throws {
        let site = try Self.build.get()
        let pages = try FileManager.default.contentsOfDirectory(atPath: site).filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count > 10)
        for page in pages {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.tidyPath!)
            process.arguments = ["-q", "-e", site + "/" + page]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = Pipe()
            try process.run()
            let report = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // tidy exits 1 for warnings and 2 for errors.
            #expect(process.terminationStatus < 2, "tidy errors in \(page):\n\(report)")
        }
    }
}
