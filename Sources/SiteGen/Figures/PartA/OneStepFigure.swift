import Compute
import Plotting

/// Part A 1.3: one ε estimate at t, inverted to x̂₀ = (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t, for the noisy images of
/// `a.forward`, conditioned on the prompt that describes the test image and on the empty prompt (unconditional).
/// All six estimates come from one batched denoiser call.
struct OneStepFigure: FigureRecipe {
    let id = "a.one-step"
    let version = 2
    var image: NoisyTestImage
    var backend: any PartABackend { image.backend }

    init(backend: any PartABackend, contentDirectory: String) {
        image = NoisyTestImage(backend: backend, contentDirectory: contentDirectory)
    }

    var parameters: [String: String] {
        backend.parameters(image.parameters.merging(["conditioning": "\(backend.sets.testPrompt); \"\" (no CFG)"]) { $1 })
    }
    var inputs: [FigureInput] { image.inputs }
    var alt: String { "Noisy test images and their one-step denoised estimates, conditional and unconditional" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let (clean, x, name) = try image.make(context, figure: id)
        let model = try backend.denoiser(context, figure: id)
        let levels = backend.noiseLevels
        let eps = try model.epsilons(for: [GuidedInput(x: x, guidance: .plain(try backend.condition(backend.sets.testPrompt))),
                                           GuidedInput(x: x, guidance: .plain(.null))], timesteps: levels)
        let conditional = backend.toDisplay(try model.schedule.estimateX0(x, timesteps: levels, epsilon: eps[0].epsilon))
        let unconditional = backend.toDisplay(try model.schedule.estimateX0(x, timesteps: levels, epsilon: eps[1].epsilon))
        let noisy = backend.toDisplay(x)
        return FigureData(arrays: [
            ("clean", clean), ("noisy", noisy), ("one_step_prompt", conditional), ("one_step_null", unconditional),
            ("psnr_noisy", Batch.vector(try Batch.psnr(noisy, clean))),
            ("psnr_prompt", Batch.vector(try Batch.psnr(conditional, clean))),
            ("psnr_null", Batch.vector(try Batch.psnr(unconditional, clean))),
            ("timesteps", Batch.vector(levels)),
        ], metadata: ["image": name])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let clean = try data.require("clean", figure: id)
        let rows = [("noisy", "noisy", "psnr_noisy"), ("one_step_prompt", "one-step, \(backend.describe(backend.sets.testPrompt))", "psnr_prompt"),
                    ("one_step_null", "one-step, \(backend.describe(""))", "psnr_null")]
        var cells: [[ImageCell?]] = [], captions: [[String?]] = [], titles: [String] = []
        for (i, (name, title, psnrName)) in rows.enumerated() {
            let images = try data.require(name, figure: id), psnr = try data.require(psnrName, figure: id).data
            cells.append([i == 0 ? ImageCell(batch: clean, index: 0) : nil] + (0..<images.shape[0]).map { ImageCell(batch: images, index: $0) })
            captions.append([nil] + psnr.map { PartAFormat.psnr($0) })
            titles.append(title)
        }
        return ImageGrid(rows: cells, rowTitles: titles,
                         columnTitles: ["original"] + backend.noiseLevels.map { "t = \($0)" },
                         captions: captions, scale: backend.cellScale, fontSize: 12).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "One-step denoising x̂₀ = (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t of the forward-process images at \(backend.describeLevels), "
            + "with ε̂ conditioned on \(backend.describe(backend.sets.testPrompt)), which describes the test image (middle row), "
            + "and on \(backend.describe("")) (bottom row, unconditional); PSNR against the clean image under each image. "
            + "Noise: seed \(backend.seed)." + backend.captionNote
    }
}
