import Compute
import Plotting

/// Part A 1.3: one ε estimate at t, inverted to x̂₀ = (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t, for the noisy images of
/// `a.forward`, conditioned on the digit's own class (the "prompt" that describes the image) and on the null
/// class (unconditional). All six estimates come from one batched denoiser call.
struct OneStepFigure: FigureRecipe {
    let id = "a.one-step"
    let version = 1
    var digit: NoisyTestDigit

    init(setup: PartASetup) { digit = NoisyTestDigit(setup: setup) }

    var parameters: [String: String] {
        digit.setup.parameters(digit.parameters.merging(["conditioning": "class of the test digit; null class"]) { $1 })
    }
    var inputs: [FigureInput] { digit.setup.inputs(mnist: true) }
    var alt: String { "Noisy digits and their one-step denoised estimates, class-conditional and unconditional" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let (clean, noisy, label) = try digit.make(context, figure: id)
        let model = try digit.setup.denoiser(context, figure: id)
        let x = Batch.channels(noisy, model.channels)
        let levels = digit.setup.noiseLevels
        let eps = try model.epsilons(for: [GuidedInput(x: x, guidance: .plain(.label(label))),
                                           GuidedInput(x: x, guidance: .plain(.null))], timesteps: levels)
        let conditional = try model.schedule.estimateX0(x, timesteps: levels, epsilon: eps[0].epsilon)
        let unconditional = try model.schedule.estimateX0(x, timesteps: levels, epsilon: eps[1].epsilon)
        let reference = Batch.channels(clean, model.channels)
        return FigureData(arrays: [
            ("clean", reference), ("noisy", x), ("one_step_class", conditional), ("one_step_null", unconditional),
            ("psnr_noisy", Batch.vector(try Batch.psnr(x, reference))),
            ("psnr_class", Batch.vector(try Batch.psnr(conditional, reference))),
            ("psnr_null", Batch.vector(try Batch.psnr(unconditional, reference))),
            ("timesteps", Batch.vector(levels)), ("label", Batch.vector([label])),
        ])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let clean = try data.require("clean", figure: id)
        let label = Int(try data.require("label", figure: id).data[0])
        let rows = [("noisy", "noisy", "psnr_noisy"), ("one_step_class", "one-step, class \(label)", "psnr_class"),
                    ("one_step_null", "one-step, null class", "psnr_null")]
        var cells: [[ImageCell?]] = [], captions: [[String?]] = [], titles: [String] = []
        for (i, (name, title, psnrName)) in rows.enumerated() {
            let images = try data.require(name, figure: id), psnr = try data.require(psnrName, figure: id).data
            cells.append([i == 0 ? ImageCell(batch: clean, index: 0) : nil] + (0..<images.shape[0]).map { ImageCell(batch: images, index: $0) })
            captions.append([i == 0 ? "class \(label)" : nil] + psnr.map { PartAFormat.psnr($0) })
            titles.append(title)
        }
        return ImageGrid(rows: cells, rowTitles: titles,
                         columnTitles: ["original"] + digit.setup.noiseLevels.map { "t = \($0)" },
                         captions: captions, scale: 4, fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        "One-step denoising x̂₀ = (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t of the forward-process images at \(digit.describeLevels), "
            + "with ε̂ from the digit model conditioned on the digit's class (middle row) and on the null class "
            + "(bottom row, unconditional); PSNR against the clean digit under each image. Noise: seed "
            + "\(digit.setup.seed), stream \"\(NoisyTestDigit.stream)\"."
    }
}
