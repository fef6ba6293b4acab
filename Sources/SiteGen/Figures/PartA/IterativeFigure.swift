import Compute
import Plotting

/// Part A 1.4's computation, shared by its two figures: the test digit noised to strided[i_start] and denoised
/// with the strided DDPM posterior-mean step plus posterior-variance noise (no CFG, conditioned on the digit's
/// class), keeping every `every`-th x_t; plus, from the same x_t, the one-step estimate and the best blur.
struct IterativeRun {
    var setup: PartASetup
    var testIndex = 0
    var iStart = 10
    var every = 5
    var blurKernelSizes = [3, 5, 7, 9, 11]
    var blurSigmas: [Double] = [0.5, 0.75, 1, 1.5, 2, 3, 4]
    static let stream = "a.iterative/noise"

    var parameters: [String: String] {
        setup.parameters([
            "test_index": "\(testIndex)", "i_start": "\(iStart)", "t_start": "\(setup.strided[iStart])",
            "strided_timesteps": PartAFormat.list(setup.strided), "record_every": "\(every)",
            "conditioning": "class of the test digit, no CFG", "step_noise": "posterior variance",
            "noise_stream": Self.stream, "blur_kernel_sizes": PartAFormat.list(blurKernelSizes),
            "blur_sigmas": blurSigmas.map { "\($0)" }.joined(separator: ","),
        ])
    }

    /// Timesteps of the recorded intermediate images (i_start, i_start + every, …).
    var recordedTimesteps: [Int] {
        Array(stride(from: iStart, to: setup.strided.count - 1, by: every)).map { setup.strided[$0] }
    }

    /// Both figures store the same arrays, so within a build the second one reuses the first one's run.
    func computeShared(_ context: FigureContext, figure: String) throws -> FigureData {
        let key = "IterativeRun " + parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: ";")
        return try context.shared(key) { try compute(context, figure: figure) }
    }

    func compute(_ context: FigureContext, figure: String) throws -> FigureData {
        let mnist = try context.mnist()
        let model = try setup.denoiser(context, figure: figure)
        let clean = Batch.channels(mnist.images(.test, indices: [testIndex]), model.channels)
        let label = mnist.labels(.test, indices: [testIndex])[0]
        let noise = SeededNoise(seed: setup.seed, name: Self.stream)
        let t = setup.strided[iStart]
        let xt = try model.schedule.addNoise(clean, t: t, noise: noise.draw)
        let run = try model.iterativeDenoise(xt, timesteps: setup.strided, iStart: iStart, guidance: .plain(.label(label)),
                                             options: SamplingOptions(recording: .every(every)), noise: noise.draw)
        let oneStep = try model.oneStepDenoise(xt, t: t, guidance: .plain(.label(label)))
        let blur = try ImageOps.bestBlur(xt, original: clean, kernelSizes: blurKernelSizes, sigmas: blurSigmas)
        let compared = Batch.concat([clean, run.x, oneStep, blur.image])
        return FigureData(arrays: [
            ("intermediate", Batch.concat(run.snapshots.map(\.x))),
            ("intermediate_timesteps", Batch.vector(run.snapshots.map(\.timestep))),
            ("compared", compared), ("psnr", Batch.vector(try Batch.psnr(Batch.slice(compared, 1, 3), clean))),
            ("blur", Batch.vector([Double(blur.kernelSize), blur.sigma])), ("label", Batch.vector([label])),
        ])
    }
}

/// Part A 1.4, first figure: the noisy image every 5th loop of iterative denoising, then the result.
struct IterativeFigure: FigureRecipe {
    let id = "a.iterative"
    let version = 1
    var run: IterativeRun

    init(setup: PartASetup) { run = IterativeRun(setup: setup) }

    var parameters: [String: String] { run.parameters }
    var inputs: [FigureInput] { run.setup.inputs(mnist: true) }
    var alt: String { "Intermediate images of iterative denoising of a noisy digit" }

    func compute(_ context: FigureContext) throws -> FigureData { try run.computeShared(context, figure: id) }

    func draw(_ data: FigureData) throws -> PixelImage {
        let steps = try data.require("intermediate", figure: id)
        let ts = try data.require("intermediate_timesteps", figure: id).data
        let compared = try data.require("compared", figure: id)
        let row = (0..<steps.shape[0]).map { ImageCell(batch: steps, index: $0) } + [ImageCell(batch: compared, index: 1)]
        return ImageGrid(rows: [row], columnTitles: ts.map { "t = \(Int($0))" } + ["result"], scale: 4).render()
    }

    func caption(_ data: FigureData) -> String {
        "Iterative denoising of test digit \(run.testIndex) from \(run.setup.describeStart(run.iStart)) over the "
            + "\(run.setup.describeStrided): x_t every \(run.every)th step (t = \(PartAFormat.list(run.recordedTimesteps))), "
            + "then the final image. Each step is the strided DDPM posterior mean plus posterior-variance noise, "
            + "conditioned on the digit's class without guidance (seed \(run.setup.seed), stream \"\(IterativeRun.stream)\")."
    }
}

/// Part A 1.4, second figure: original | iterative | one-step | blurred, each with its PSNR.
struct IterativeCompareFigure: FigureRecipe {
    let id = "a.iterative-compare"
    let version = 1
    var run: IterativeRun

    init(setup: PartASetup) { run = IterativeRun(setup: setup) }

    var parameters: [String: String] { run.parameters }
    var inputs: [FigureInput] { run.setup.inputs(mnist: true) }
    var alt: String { "Original digit beside its iterative, one-step and Gaussian-blur reconstructions" }

    func compute(_ context: FigureContext) throws -> FigureData { try run.computeShared(context, figure: id) }

    func draw(_ data: FigureData) throws -> PixelImage {
        let compared = try data.require("compared", figure: id)
        let psnr = try data.require("psnr", figure: id).data
        let blur = try data.require("blur", figure: id).data
        let titles = ["original", "iterative", "one-step", "blur k \(Int(blur[0])), σ \(PartAFormat.sigma(Double(blur[1])))"]
        return ImageGrid(rows: [(0..<4).map { ImageCell(batch: compared, index: $0) }], columnTitles: titles,
                         captions: [[nil] + psnr.map { PartAFormat.psnr($0) }], scale: 4, fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        let blur = data["blur"].map { " (best of a k × σ grid by PSNR: k = \(Int($0.data[0])), σ = \(PartAFormat.sigma(Double($0.data[1]))))" } ?? ""
        return "Test digit \(run.testIndex) noised to \(run.setup.describeStart(run.iStart)), then recovered three ways: "
            + "iterative denoising (as in the previous figure), one-step denoising from the same noisy image, "
            + "and Gaussian blur\(blur). PSNR against the original under each image "
            + "(seed \(run.setup.seed), stream \"\(IterativeRun.stream)\")."
    }
}
