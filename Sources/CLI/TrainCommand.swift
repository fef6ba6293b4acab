import ArgumentParser
import Foundation
import Compute
import SiteGen

struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train (or resume) one or more of the profile's networks in the run store, without building the site.",
        discussion: """
        Runs live in $SITEGEN_CACHE/runs (default $XDG_CACHE_HOME/sitegen/runs, else ~/.cache/sitegen/runs), one \
        folder per kind and configuration hash, checkpointed after every epoch and every 5 minutes within one. \
        Ctrl-C or SIGTERM saves a checkpoint and exits; the same command resumes. Networks are trained one at a \
        time, in the order given.

        Examples:
          sitegen train --profile full --model class
          sitegen train --profile full --model class --model time --model denoiser --model classifier
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("model"), help: "class, classifier, time or denoiser (repeatable, trained in the order given).")
    var models: [String] = []

    func run() async throws {
        try await reportingErrors {
            guard !models.isEmpty else { throw ValidationError("name at least one --model: class, classifier, time or denoiser") }
            let chosen = try models.map { try ModelName.kind($0) }
            let console = Console.standardError
            StopRequest.installHandlers(console: console)
            let options = try project.buildOptions()
            let store = ModelStore(profile: options.profile, runsDirectory: options.runsDirectory, console: console,
                                   mnist: project.mnistLoader(console: console))
            console.write("run store: \(options.runsDirectory)")
            for kind in chosen {
                let started = Date()
                let folder = try store.train(kind)
                console.write(String(format: "\(kind.rawValue): trained in \(folder) (%.0f s this process)",
                                     Date().timeIntervalSince(started)))
            }
        }
    }
}
