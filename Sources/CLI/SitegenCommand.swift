import ArgumentParser
import Foundation
import Compute
import SiteGen

@main
struct Sitegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Regenerate the \"Fun with Diffusion Models\" results website, deterministically, from content/ and templates/.",
        discussion: """
        Every figure is computed by sitegen itself (numerics in Swift on OpenBLAS, drawing with Cairo) and cached \
        under .cache/, so an unchanged figure is never recomputed. Run commands from the project folder (the one \
        holding content/ and templates/) or pass --root.
        """,
        subcommands: [Build.self, Serve.self, Verify.self, Eval.self, Bench.self, DataCommand.self, DeepFloydCommand.self],
        defaultSubcommand: nil
    )
}

/// Options shared by the commands that read the project.
struct ProjectOptions: ParsableArguments {
    @Option(help: "Project folder holding content/ and templates/.")
    var root: String = "."

    @Option(help: ArgumentHelp("MNIST folder (the four IDX files, .gz or raw).",
                               discussion: "Otherwise $SITEGEN_DATA, ./data/mnist, then ../shared/data/mnist are tried."))
    var dataDir: String?

    @Flag(help: "Never download MNIST; fail with instructions instead.")
    var offline = false

    @Option(help: "Training settings: quick (default, minutes) or full (the seed project's settings, hours).")
    var profile: Profile = .quick

    func buildOptions(section: String? = nil, force: Bool = false) -> BuildOptions {
        BuildOptions(root: root, profile: profile, section: section, force: force)
    }

    func mnistLoader(console: Console) -> () throws -> MNIST {
        { try MNISTSource.load(dataDir: dataDir, offline: offline, root: root, console: console) }
    }
}

extension Profile: ExpressibleByArgument {}

/// Runs `body`, printing a user error as one `error:` line and exiting non-zero instead of a crash trace.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
