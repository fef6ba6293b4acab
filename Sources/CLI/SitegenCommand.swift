import ArgumentParser
import Foundation
import Compute
import SiteGen

/// Sets up the process before the command runs, while this is still the only thread.
@main
enum SitegenMain {
    static func main() async {
        HeapReuse.keepFreedMemory()
        await Sitegen.main()
    }
}

struct Sitegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Regenerate the \"Fun with Diffusion Models\" results website, deterministically, from content/ and templates/.",
        discussion: """
        Every figure is computed by sitegen itself (numerics in Swift on OpenBLAS, drawing with Cairo). Run commands \
        from the project folder (the one holding content/ and templates/) or pass --root.

        Where things live:
          models/                  the published trained models (full profile): read by `build`, never trained
          .cache/figures/          the project's figure cache: an unchanged figure is never recomputed
          $SITEGEN_CACHE/runs/     training runs (checkpoints, optimizer state, loss history, lock), shared by
                                   every checkout; default $XDG_CACHE_HOME/sitegen, else ~/.cache/sitegen
        """,
        subcommands: [Build.self, Serve.self, Verify.self, Eval.self, Train.self, ModelsCommand.self, Bench.self, DataCommand.self, DeepFloydCommand.self],
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

    @Flag(help: ArgumentHelp("Train the full profile's models in the run store instead of reading the published ones in models/.",
                             discussion: "Runs live in $SITEGEN_CACHE/runs (default $XDG_CACHE_HOME/sitegen/runs, else ~/.cache/sitegen/runs) and resume where they stopped."))
    var retrain = false

    @Option(help: ArgumentHelp("Part A's model: digits (default, Part B's class-conditioned UNet) or deepfloyd.",
                               discussion: "deepfloyd needs --model-dir (with text_encoder/ and tokenizer/ any prompt is encoded natively; otherwise --prompts, a precomputed embeddings file, which also wins for the prompts it holds)."))
    var backend: String = "digits"

    @Option(help: "DeepFloyd IF stage I snapshot (the folder holding unet/), for --backend deepfloyd.")
    var modelDir: String?

    @Option(help: "DeepFloyd IF stage II snapshot (e.g. IF-II-L-v1.0): Part 0's figure a.setup then also shows 256 px upsamplings.")
    var stage2Dir: String?

    @Option(help: "Stage II denoising steps for a.setup (default 30, the course notebook's upsample).")
    var stage2Steps: Int?

    @Option(help: "Prompt embeddings (safetensors, prompt -> [1,77,D]; see tools/convert_prompt_embeds.py), for --backend deepfloyd.")
    var prompts: String?

    func buildOptions(section: String? = nil, force: Bool = false) throws -> BuildOptions {
        try MNISTSource.checkDataDir(dataDir, root: root)
        var choice = try PartABackendChoice.parse(backend, modelDir: modelDir, stage2Dir: stage2Dir, prompts: prompts)
        if let stage2Steps {
            guard stage2Steps >= 1, case .deepfloyd(var deepfloyd) = choice, deepfloyd.stage2Dir != nil else {
                throw ValidationError("--stage2-steps needs --backend deepfloyd with --stage2-dir, and at least 1 step")
            }
            deepfloyd.stage2Steps = stage2Steps
            choice = .deepfloyd(deepfloyd)
        }
        var options = BuildOptions(root: root, profile: profile, section: section, force: force, backend: choice)
        options.retrain = retrain
        return options
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
