import ArgumentParser
import Foundation
import Compute
import SiteGen

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, publish and check the trained models (published in models/, runs in the run store).",
        discussion: """
        Published models are the repository's models/ folder: one safetensors file per model and epoch the figures \
        need, with the training record and evaluation in its metadata, a card per model and index.json with every \
        file's SHA-256. `sitegen build --profile full` reads them and never trains. Runs live in $SITEGEN_CACHE/runs \
        (default $XDG_CACHE_HOME/sitegen/runs, else ~/.cache/sitegen/runs).
        """,
        subcommands: [List.self, Publish.self, Check.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Published models (kind, profile, config hash, epoch, size, evaluation) and runs (progress).")
        @OptionGroup var project: ProjectOptions

        func run() async throws {
            try await reportingErrors {
                let console = Console.standardError
                for line in try ModelsReport(options: project.buildOptions(), console: console,
                                             loadMNIST: project.mnistLoader(console: console)).list() { print(line) }
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy finished runs' checkpoints the figures need into models/, evaluated, with their cards.",
            discussion: """
            Only a run whose last epoch is done is published; the class-conditioned model's evaluation (1,000 guided \
            samples judged by the profile's classifier) takes tens of minutes in the full profile.

            Examples:
              sitegen models publish --profile full                  # every finished run of the profile
              sitegen models publish --profile full --model class    # one model
            """)
        @OptionGroup var project: ProjectOptions
        @Option(name: .customLong("model"), help: "class, classifier, time or denoiser (repeatable). Default: every finished run.")
        var models: [String] = []

        func run() async throws {
            try await reportingErrors {
                let console = Console.standardError
                StopRequest.installHandlers(console: console)
                let kinds = models.isEmpty ? nil : try models.map { try ModelName.kind($0) }
                for line in try ModelsReport(options: project.buildOptions(), console: console,
                                             loadMNIST: project.mnistLoader(console: console)).publish(kinds: kinds) { print(line) }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify every published file: SHA-256, header, metadata, and a strict load into its network.")
        @OptionGroup var project: ProjectOptions

        func run() async throws {
            try await reportingErrors {
                let console = Console.standardError
                for line in try ModelsReport(options: project.buildOptions(), console: console,
                                             loadMNIST: project.mnistLoader(console: console)).check() { print(line) }
            }
        }
    }
}
