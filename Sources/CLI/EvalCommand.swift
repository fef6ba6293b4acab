import ArgumentParser
import Foundation
import Compute
import SiteGen

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the quality numbers of the profile's models (also shown on the site).",
        discussion: """
        The evaluation classifier's test accuracy, the class accuracy of class-conditioned samples as that \
        classifier judges them, the single-step denoiser's test MSE at sigma = 0.5, and the final training losses. \
        Models are trained (or resumed) on first use and cached under .cache/, like the figures.

        Example:
          sitegen eval --profile full
        """
    )

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            HeapReuse.keepFreedMemory()
            let console = Console.standardError
            let rows = try Evaluator(options: project.buildOptions(), console: console,
                                     loadMNIST: project.mnistLoader(console: console)).evaluate()
            for (name, value) in rows {
                print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + value)
            }
        }
    }
}
