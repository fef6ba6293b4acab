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

        --model limits the evaluation to one model (repeat it for more), so the full profile's class accuracy needs \
        only the class-conditioned DDPM and the small classifier, not hours of training of the other two.

        Examples:
          sitegen eval
          sitegen eval --profile full --model class
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("model"),
            help: "Evaluate only this model: class, classifier, time or denoiser (repeatable). Default: all four.")
    var models: [String] = []

    func chosenModels() throws -> [ModelKind]? {
        guard !models.isEmpty else { return nil }
        return try models.map { try ModelName.kind($0) }
    }

    func run() async throws {
        try await reportingErrors {
            let console = Console.standardError
            StopRequest.installHandlers(console: console)
            let rows = try Evaluator(options: project.buildOptions(), console: console,
                                     loadMNIST: project.mnistLoader(console: console)).evaluate(models: chosenModels())
            for (name, value) in rows {
                print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + value)
            }
        }
    }
}
