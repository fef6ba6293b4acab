import Compute
import Plotting

/// Part A 1.4's computation, shared by its two figures: the test image noised to strided[i_start] and denoised
/// with the strided DDPM posterior-mean step plus the backend's step noise (no CFG, conditioned on the prompt
/// that describes the image), keeping every `every`-th x_t; plus, from the same x_t, the one-step estimate and
/// the best blur.
struct IterativeRun {
    var backend: any PartABackend
    var contentDirectory: String
    /// The seed's i_start = 10 (t = 690).
    var seedStart = 10
    var every = 5
    var blurKernelSizes = BlurSearchGrid.standard.kernelSizes
    var blurSigmas = BlurSearchGrid.standard.sigmas
    static let stream = "a.iterative/noise"

    var iStart: Int { backend.start(seedStart) }
    var picture: PictureRef { backend.sets.testImage }
    var inputs: [FigureInput] { backend.inputs([picture], contentDirectory: contentDirectory) }

    var parameters: [String: String] {
        backend.parameters([
            "test_image": picture.text, "i_start": "\(iStart)", "t_start": "\(backend.strided[iStart])",
            "record_every": "\(every)", "conditioning": "\(backend.sets.testPrompt) (no CFG)",
            "noise_stream": Self.stream, "blur_kernel_sizes": PartAFormat.list(blurKernelSizes),
            "blur_sigmas": blurSigmas.map { "\($0)" }.joined(separator: ","),
        ])
    }

    /// Timesteps of the recorded intermediate images (i_start, i_start + every, …).
    var recordedTimesteps: [Int] {
        Array(stride(from: iStart, to: backend.strided.count - 1, by: every)).map { backend.strided[$0] }
    }

    /// Both figures store the same arrays, so within a build the second one reuses the first one's run.
    func computeShared(_ context: FigureContext, figure: String) throws -> FigureData {
        let key = "IterativeRun " + parameters.keys.sorted().map { "\($0)=\(parameters[$0]!)" }.joined(separator: ";")
        return try context.shared(key) { try compute(context, figure: figure) }
    }

    func compute(_ context: FigureContext, figure: String) throws -> FigureData {
        let model = try backend.denoiser(context, figure: figure)
        let loaded = try backend.load([picture], context: context, figure: figure, contentDirectory: contentDirectory)
        let clean = loaded.images
        let guidance = try backend.plain([backend.sets.testPrompt])
        let noise = backend.noise(Self.stream)
        let t = backend.strided[iStart]
        let xt = try model.schedule.addNoise(backend.toModel(clean), t: t, noise: noise.draw)
        let run = try model.iterativeDenoise(xt, timesteps: backend.strided, iStart: iStart, guidance: guidance,
                                             options: SamplingOptions(stepNoise: backend.stepNoise, recording: .every(every)),
                                             noise: noise.draw)
        let oneStep = try model.oneStepDenoise(xt, t: t, guidance: guidance)
        let blur = try ImageOps.bestBlur(backend.toDisplay(xt), original: clean, kernelSizes: blurKernelSizes, sigmas: blurSigmas,
                                         tolerance: BlurSearchGrid.standard.tolerance)
        let compared = Batch.concat([clean, backend.toDisplay(run.x), backend.toDisplay(oneStep), blur.image])
        return FigureData(arrays: [
            ("intermediate", backend.toDisplay(Batch.concat(run.snapshots.map(\.x)))),
            ("intermediate_timesteps", Batch.vector(run.snapshots.map(\.timestep))),
            ("compared", compared), ("psnr", Batch.vector(try Batch.psnr(Batch.slice(compared, 1, 3), clean))),
            ("blur", Batch.vector([Double(blur.kernelSize), blur.sigma])),
        ], metadata: ["image": loaded.names[0]])
    }
}

/// Part A 1.4, first figure: the noisy image every 5th loop of iterative denoising, then the result.
struct IterativeFigure: FigureRecipe {
    let id = "a.iterative"
    let version = 2
    var run: IterativeRun

    init(backend: any PartABackend, contentDirectory: String) {
        run = IterativeRun(backend: backend, contentDirectory: contentDirectory)
    }

    var parameters: [String: String] { run.parameters }
    var inputs: [FigureInput] { run.inputs }
    var alt: String { "Intermediate images of iterative denoising of the noisy test image" }

    func compute(_ context: FigureContext) throws -> FigureData { try run.computeShared(context, figure: id) }

    func draw(_ data: FigureData) throws -> PixelImage {
        let steps = try data.require("intermediate", figure: id)
        let ts = try data.require("intermediate_timesteps", figure: id).data
        let compared = try data.require("compared", figure: id)
        let row = (0..<steps.shape[0]).map { ImageCell(batch: steps, index: $0) } + [ImageCell(batch: compared, index: 1)]
        return ImageGrid(rows: [row], columnTitles: ts.map { "t = \(Int($0))" } + ["result"], scale: run.backend.cellScale).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "Iterative denoising of the test image (\(data.metadata["image"] ?? "?")) from \(run.backend.describeStart(run.iStart)) over the "
            + "\(run.backend.describeStrided): x_t every \(run.every)th step (t = \(PartAFormat.list(run.recordedTimesteps))), "
            + "then the final image. Each step is the strided DDPM posterior mean plus \(run.backend.stepNoiseName) noise, "
            + "conditioned on \(run.backend.describe(run.backend.sets.testPrompt)) without guidance "
            + "(seed \(run.backend.seed))." + run.backend.captionNote
    }
}

/// Part A 1.4, second figure: original | iterative | one-step | blurred, each with its PSNR.
struct IterativeCompareFigure: FigureRecipe {
    let id = "a.iterative-compare"
    let version = 2
    var run: IterativeRun

    init(backend: any PartABackend, contentDirectory: String) {
        run = IterativeRun(backend: backend, contentDirectory: contentDirectory)
    }

    var parameters: [String: String] { run.parameters }
    var inputs: [FigureInput] { run.inputs }
    var alt: String { "The test image beside its iterative, one-step and Gaussian-blur reconstructions" }

    func compute(_ context: FigureContext) throws -> FigureData { try run.computeShared(context, figure: id) }

    func draw(_ data: FigureData) throws -> PixelImage {
        let compared = try data.require("compared", figure: id)
        let psnr = try data.require("psnr", figure: id).data
        let blur = try data.require("blur", figure: id).data
        let titles = ["original", "iterative", "one-step", "blur k \(Int(blur[0])), σ \(PartAFormat.sigma(Double(blur[1])))"]
        return ImageGrid(rows: [(0..<4).map { ImageCell(batch: compared, index: $0) }], columnTitles: titles,
                         captions: [[nil] + psnr.map { PartAFormat.psnr($0) }], scale: run.backend.cellScale, fontSize: 12).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let blur = data["blur"].map { " (best of a k × σ grid by PSNR: k = \(Int($0.data[0])), σ = \(PartAFormat.sigma(Double($0.data[1]))))" } ?? ""
        return "The test image (\(data.metadata["image"] ?? "?")) noised to \(run.backend.describeStart(run.iStart)), then recovered three ways: "
            + "iterative denoising (as in the previous figure), one-step denoising from the same noisy image, "
            + "and Gaussian blur\(blur). PSNR against the original under each image "
            + "(seed \(run.backend.seed))." + run.backend.captionNote
    }
}
