import Compute
import Foundation
import Plotting

/// The single-step denoiser on test digits after `epoch`: Input | Noisy | Output.
struct DenoiserResultsFigure: FigureRecipe {
    let id: String
    let model: ModelRef
    var config: TrainingConfig { model.config }
    var epoch: Int { model.epoch }
    let version = 1
    var testIndices = [0, 1, 2]
    var seed: UInt64 = SiteSeed.value

    var inputs: [FigureInput] { [.mnistTest, model.figureInput] }
    var alt: String { "test digits, their noisy versions and the denoiser's output after epoch \(epoch)" }
    var stream: String { "\(id)/eps" }
    var parameters: [String: String] {
        ["epoch": "\(epoch)", "sigma": "\(config.sigma)", "test_indices": testIndices.map(String.init).joined(separator: ","),
         "seed": "\(seed)", "stream": stream, "config": config.hash]
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let clean = try context.mnist().images(.test, indices: testIndices)
        let noisy = DenoiserInputs.noised(clean, sigma: Float(config.sigma), seed: seed, stream: stream)
        let output = try context.models().unconditional(model).predict(noisy)
        return FigureData(arrays: [("clean", clean), ("noisy", noisy), ("output", output)])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let clean = try data.require("clean", figure: id), noisy = try data.require("noisy", figure: id)
        let output = try data.require("output", figure: id)
        let rows = (0..<clean.shape[0]).map { i in
            [ImageCell(grey: clean, index: i), ImageCell(grey: noisy, index: i), ImageCell(grey: output, index: i)] as [ImageCell?]
        }
        return ImageGrid(rows: rows, columnTitles: ["Input", "Noisy (σ = \(config.sigma))", "Output"],
                         title: "After epoch \(epoch)", scale: 3).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "The single-step denoiser after epoch \(epoch) of \(config.epochs) on the first \(testIndices.count) test digits, "
            + "noised with σ = \(config.sigma) (seed \(seed))."
    }
}

enum DenoiserInputs {
    /// x + σ ε with ε from the named Philox stream.
    static func noised(_ clean: Tensor, sigma: Float, seed: UInt64, stream: String) -> Tensor {
        NoisingGrid.noiseLevels(clean, eps: Philox(seed: seed, streamNamed: stream).normalTensor(shape: clean.shape),
                                sigmas: [sigma])
    }
}

/// One test digit noised at every σ of the noising figure, and what the final denoiser (trained at σ = 0.5)
/// makes of each.
struct OutOfDistributionFigure: FigureRecipe {
    let id = "b.out-of-distribution"
    let model: ModelRef
    var config: TrainingConfig { model.config }
    let version = 1
    var testIndex = 0
    var sigmas: [Float] = [0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0]
    var seed: UInt64 = SiteSeed.value
    var stream: String { "\(id)/eps" }

    var inputs: [FigureInput] { [.mnistTest, model.figureInput] }
    var alt: String { "one test digit at increasing noise (top) and the denoiser's outputs (bottom)" }
    var parameters: [String: String] {
        ["test_index": "\(testIndex)", "sigmas": sigmas.map { "\($0)" }.joined(separator: ","), "seed": "\(seed)",
         "stream": stream, "epoch": "\(model.epoch)", "config": config.hash]
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let clean = try context.mnist().images(.test, indices: [testIndex])
        let eps = Philox(seed: seed, streamNamed: stream).normalTensor(shape: clean.shape)
        let noisy = NoisingGrid.noiseLevels(clean, eps: eps, sigmas: sigmas)
        let output = try context.models().unconditional(model).predict(noisy)
        return FigureData(arrays: [("noisy", noisy), ("output", output), ("sigmas", Tensor(shape: [sigmas.count], data: sigmas))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let noisy = try data.require("noisy", figure: id), output = try data.require("output", figure: id)
        return ImageGrid(rows: gridRows(noisy, columns: sigmas.count) + gridRows(output, columns: sigmas.count),
                         rowTitles: ["noisy", "denoised"], columnTitles: sigmas.map { "σ = \(NoisingGrid.format($0))" },
                         scale: 3).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "Out-of-distribution test: test digit \(testIndex) noised at σ ∈ {\(sigmas.map(NoisingGrid.format).joined(separator: ", "))} "
            + "(one ε, seed \(seed)) and the outputs of the denoiser trained only at σ = \(config.sigma), after epoch \(model.epoch)."
    }
}
