import ArgumentParser
import Foundation
import Compute
import SiteGen

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute every figure and write the website to site/.",
        discussion: """
        The site is written to a temporary folder and swapped in, so a failed build leaves the old site intact. \
        Two builds in a row give byte-identical files.

        Examples:
          sitegen build                              # whole site, quick profile
          sitegen build --section b.1.2-denoiser     # one section's figures and pages
          sitegen build --profile full               # the seed project's training settings
          sitegen build --backend deepfloyd --model-dir ~/IF-I-L-v1.0   # snapshot with text_encoder/, tokenizer/
                                                     # Part A on DeepFloyd IF with the seed's parameters
          sitegen build --backend deepfloyd --model-dir ~/IF-I-L-v1.0 --stage2-dir ~/IF-II-L-v1.0 --prompts …
                                                     # also upsample Part 0's samples to 256 px with stage II
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "Rebuild only this section (its figures, its page, and the pages that link to it).")
    var section: String?

    @Flag(help: "Recompute figures even when the cache holds them.")
    var force = false

    func run() async throws {
        try await reportingErrors {
            let started = Date()
            let console = Console.standardError
            StopRequest.installHandlers(console: console)
            try SiteBuilder(options: project.buildOptions(section: section, force: force), console: console,
                            loadMNIST: project.mnistLoader(console: console)).build()
            console.write(String(format: "done in %.1f s", Date().timeIntervalSince(started)))
        }
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every figure and compare it with site/manifest.json.",
        discussion: """
        A figure matches when its PNG is byte-identical or its arrays are within tolerance (images: PSNR >= 40 dB). \
        Prints a table; exits non-zero when any figure differs. The recomputed files are left in .cache/verify/.

        Example:
          sitegen verify
        """
    )

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let console = Console.standardError
            StopRequest.installHandlers(console: console)
            let options = try project.buildOptions()
            let rows = try Verifier(options: options, console: console, loadMNIST: project.mnistLoader(console: console))
                .verify(outputDirectory: (options.cacheDirectory as NSString).appendingPathComponent("verify"))
            print(Verifier.table(rows))
            if rows.contains(where: { $0.status == .differs || $0.status == .missing }) { throw ExitCode.failure }
        }
    }
}
