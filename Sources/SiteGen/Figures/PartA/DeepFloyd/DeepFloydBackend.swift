import Compute
import Foundation
import Plotting

/// Part A on DeepFloyd IF stage I, the seed's model, with the seed's parameters unchanged: T = 1000, the model's
/// own size (64 px for IF-I-L/XL), 3 channels, t = 250/500/750, strided timesteps 990..0 by 30 with IF's learned
/// variance, γ = 7. Prompts are text, embedded by the precomputed file or the snapshot's T5 encoder.
///
/// Pixel convention: IF works in [−1, 1]; `toModel` and `toDisplay` convert at the edges.
struct DeepFloydBackend: PartABackend {
    var options: DeepFloydOptions
    var contentDirectory: String
    var seed: UInt64 = SiteSeed.value
    var gamma: Float = 7
    /// From `content/part-a.yml`'s `deepfloyd:` block.
    var sets: PartASets
    /// The snapshot's image size, read from its UNet config (64 when unreadable: loading then fails clearly).
    let imageSize: Int

    init(options: DeepFloydOptions, contentDirectory: String) throws {
        self.options = options
        self.contentDirectory = contentDirectory
        sets = try PartASetsFile.load(contentDirectory: contentDirectory, backend: .deepfloyd) { prompt in
            guard prompt.trimmingCharacters(in: .whitespaces) == prompt else {
                throw PartAPromptError(prompt: prompt, expected: "text without leading or trailing spaces")
            }
        }
        let config = (IFSnapshot.unetDirectory(in: options.modelDir) as NSString).appendingPathComponent("config.json")
        imageSize = FileManager.default.contents(atPath: config)
            .flatMap { try? IFUNetConfig.parse($0, file: config) }?.sampleSize ?? 64
    }

    let kind = Backend.deepfloyd
    var model: PartAModel { options.partAModel() }
    var mapping: SeedMapping { SeedMapping(targetT: 1000, targetSize: imageSize) }
    var strided: [Int] { options.timestepsOverride ?? IFScheduler.courseTimesteps }
    let stepNoiseName = "IF learned-range variance"
    let pixelRange = "[-1, 1]"
    let channels = 3

    /// The prompt's embedding: from the precomputed file when it has it, else encoded natively (cached).
    /// One noise per image: a 64 px IF sample is a UNet pass of seconds per step.
    let measuredSeeds = 1
    /// No judge: a text-to-image model's prompts have no classifier here, so its figures are judged by eye.
    var judgeInput: FigureInput? { nil }
    func judge(_ context: FigureContext, figure: String) throws -> PartAJudge? { nil }

    func condition(_ prompt: String) throws -> Conditioning {
        prompt.isEmpty ? .null : .embedding(try options.promptSource.embedding(prompt))
    }

    func describe(_ prompt: String) -> String { "\"\(prompt)\"" }

    func denoiser(_ context: FigureContext, figure: String) throws -> any Denoiser {
        let d = try context.denoiser(figure: figure)
        // Every prompt of the sets in one pass over T5's weights; later figures read them from the cache. A failure
        // is left to the figure that needs the prompt.
        _ = try? options.promptSource.embeddings(sets.prompts)
        guard d.channels == 3 else {
            throw FigureError(figure: figure, "the DeepFloyd backend needs a 3-channel (stage I) model, this one has \(d.channels)")
        }
        return d
    }

    /// IF's learned-range variance (the course's `add_variance`) as the loop's step noise.
    var stepNoise: StepNoise {
        .predicted { v, t, tPrev in
            let logVar = try IFScheduler(thresholding: false).logVariance(t: t, previous: tPrev, predictedVariance: v)
            return Tensor(shape: logVar.shape, data: logVar.data.map { expf(0.5 * $0) })
        }
    }

    var ownParameters: [String: String] {
        ["model_snapshot": options.snapshotIdentity(), "prompts_sha256": options.promptsHash(),
         "text_encoder": options.textEncoderIdentity()]
    }

    var captionNote: String {
        let override = strided.count == IFScheduler.courseTimesteps.count ? "" : " (TEST timesteps override)"
        return " Computed with the DeepFloyd IF backend (stage I UNet, snapshot \(String(options.snapshotIdentity().prefix(12))), "
            + "T = 1000\(override), IF's learned variance)."
    }

    func toModel(_ x: Tensor) -> Tensor { Tensor(shape: x.shape, data: x.data.map { 2 * $0 - 1 }) }
    func toDisplay(_ x: Tensor) -> Tensor { ImageOps.clamp(Tensor(shape: x.shape, data: x.data.map { ($0 + 1) / 2 })) }

    /// A picture as IF's input, the seed's `process_pil_im`: centre-crop, resize to the model's size, RGB, [0, 1].
    func picture(_ image: PixelImage) throws -> Tensor {
        let cell = ImageCell(image)
        let planar = Tensor(shape: [1, cell.channels, cell.height, cell.width], data: cell.values)
        let resized = try ImageOps.resize(try ImageOps.centerCropSquare(planar), height: size, width: size)
        return Batch.channels(ImageOps.clamp(resized), 3)
    }
}
