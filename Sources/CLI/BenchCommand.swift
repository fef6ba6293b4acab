import ArgumentParser
import Compute
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training and sampling throughput of the Part B UNets (release build).",
        discussion: """
        For each training configuration of the project — unconditional D=128 batch 256, time- and \
        class-conditioned D=64 batch 128 — prints the median seconds per training step (forward + backward + \
        Adam), images/s and achieved GFLOP/s (6.42 GFLOP per image for D=128, 1.61 for D=64), and the seconds to \
        sample 40 images over 300 DDPM steps (time-conditioned, and class-conditioned with CFG: two passes per \
        step). Synthetic data; no MNIST needed. Compare with PyTorch on the same machine: \
        ../shared/bench/README.md.

        Each line ends with a fingerprint: the SHA-256 of the weights (or samples) after all steps. Two binaries \
        that print the same fingerprint for the same --steps compute bit-identical steps, which is how a speed \
        change is checked not to change trained models.

        Examples:
          sitegen bench
          sitegen bench --json --steps 5
          sitegen bench --layers --config class:16:64
        """
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Timed training steps per configuration (after one warm-up step).")
    var steps = 3

    @Option(help: "Sampling steps actually timed (the total for 300 steps is projected from their median).")
    var sampleSteps = 20

    @Option(help: ArgumentHelp("Time other configurations instead, as KIND:D:BATCH (KIND = uncond, time or class).",
                               discussion: "Example: --config class:32:64 --config time:16:64"))
    var config: [String] = []

    @Flag(help: ArgumentHelp("Instead, time forward + backward of each layer shape of the UNet, to see where a step goes.",
                             discussion: "Uses D and batch of the first --config (default D=64, batch 128)."))
    var layers = false

    @Option(help: ArgumentHelp("With --layers, time only the layers whose name contains this text (for profiling one layer).",
                               valueName: "TEXT"))
    var only: String?

    /// The configurations to time: the project's three, or those given with --config.
    func configurations() throws -> [(name: String, kind: ModelKind, D: Int, batch: Int)] {
        guard !config.isEmpty else { return TrainingBenchmark.standardConfigs }
        let kinds: [String: ModelKind] = ["uncond": .denoiser, "time": .time, "class": .classConditioned]
        return try config.map { text in
            let parts = text.split(separator: ":").map(String.init)
            guard parts.count == 3, let kind = kinds[parts[0]], let d = Int(parts[1]), let b = Int(parts[2]), d > 0, b > 0 else {
                throw ValidationError("--config \(text): expected KIND:D:BATCH with KIND uncond, time or class, e.g. class:32:64")
            }
            return ("\(parts[0]) D=\(d) batch \(b)", kind, d, b)
        }
    }

    func run() async throws {
        try await reportingErrors {
            Compute.configureThreads(2)
            if layers { return try printLayers() }
            let names: [ModelKind: String] = [.denoiser: "uncond", .time: "time", .classConditioned: "class"]
            var train: [[String: Any]] = []
            var lines: [String] = []
            for config in try configurations() {
                FileHandle.standardError.write(Data("timing \(config.name) ...\n".utf8))
                let speed = try TrainingBenchmark.training(name: config.name, kind: config.kind, D: config.D,
                                                           batchSize: config.batch, warmup: 1, steps: steps)
                train.append(["config": names[config.kind]!, "D": config.D, "batch": config.batch,
                              "step_s": speed.secondsPerStep, "img_per_s": speed.imagesPerSecond,
                              "gflops": speed.gflopsPerSecond ?? 0, "weights_sha256": speed.weightsSHA256])
                lines.append(String(format: "train %-34@ %7.3f s/step %8.1f img/s %7.1f GFLOP/s  weights %@", config.name as NSString,
                                    speed.secondsPerStep, speed.imagesPerSecond, speed.gflopsPerSecond ?? 0,
                                    String(speed.weightsSHA256.prefix(12)) as NSString))
            }
            FileHandle.standardError.write(Data("timing sampling ...\n".utf8))
            let sampleD = config.isEmpty ? 64 : try configurations()[0].D
            var sample: [[String: Any]] = []
            for kind in [ModelKind.time, .classConditioned] {
                let sampling = try TrainingBenchmark.sampling(kind: kind, D: sampleD, images: 40, steps: 300,
                                                              measuredSteps: sampleSteps)
                sample.append(["config": names[kind]!, "images": sampling.images, "steps": sampling.steps,
                               "seconds": sampling.seconds, "passes_per_step": sampling.passesPerStep,
                               "samples_sha256": sampling.samplesSHA256])
                let how = kind == .time ? "time-conditioned" : "class-conditioned"
                let passes = kind == .time ? "1 pass" : "CFG (2 passes)"
                lines.append(String(format: "sample %@ D=%d, 40 images x 300 steps, %@: %.1f s  samples %@", how as NSString,
                                    sampleD, passes as NSString, sampling.seconds,
                                    String(sampling.samplesSHA256.prefix(12)) as NSString))
            }
            if json {
                let data = try JSONSerialization.data(withJSONObject: ["train": train, "sample": sample, "blas_core": OpenBLASCore.current],
                                                      options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(Self.kernelLine())
                lines.forEach { print($0) }
            }
        }
    }

    /// Which OpenBLAS kernels ran, and whether sitegen had to choose them (see `OpenBLASCore`).
    static func kernelLine() -> String {
        guard let swap = OpenBLASCore.replaced else { return "OpenBLAS kernels: \(OpenBLASCore.current)" }
        return "OpenBLAS kernels: \(swap.to) (chosen by sitegen: OpenBLAS did not know this CPU and fell back to \(swap.from))"
    }

    /// One line per layer shape (median and best of `steps` runs after a warm-up), then their weighted sum.
    func printLayers() throws {
        var (d, batch) = (64, 128)
        if !config.isEmpty { let first = try configurations()[0]; (d, batch) = (first.D, first.batch) }
        let rows = KernelBenchmark.layers(batch: batch, width: d, runs: max(steps, 3), only: only)
        if json {
            let list: [[String: Any]] = rows.map { ["layer": $0.name, "count": $0.countInUNet, "median_s": $0.medianSeconds,
                                                   "best_s": $0.bestSeconds, "gflops": $0.flops > 0 ? $0.gflops : 0] }
            let data = try JSONSerialization.data(withJSONObject: ["D": d, "batch": batch, "layers": list], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print(Self.kernelLine())
        print("UNet layers, D=\(d), batch \(batch) (forward + backward):")
        rows.forEach { print($0) }
        let step = KernelBenchmark.estimatedStepSeconds(rows)
        print(String(format: "sum of count x median: %.3f s per step (small ops, linear layers and Adam not included)", step))
    }
}
