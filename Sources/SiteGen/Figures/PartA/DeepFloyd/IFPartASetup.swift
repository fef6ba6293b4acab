import Compute
import Foundation
import Plotting

/// What every Part A figure on DeepFloyd IF shares: the seed's parameters unchanged (T = 1000, the model's own
/// size, 3 channels, t = 250/500/750, strided timesteps 990..0 by 30 with IF's learned variance, γ = 7), the
/// prompts file, the test image and the project seed.
///
/// Pixel convention: IF works in [−1, 1]; recipes convert at the edges (`toModel`, `toDisplay`) and store every
/// image in [0, 1], the site's convention, so the digit figures' drawing code applies unchanged.
struct IFPartASetup: Sendable {
    var options: DeepFloydOptions
    var contentDirectory: String
    var seed: UInt64 = SiteSeed.value
    var gamma: Float = 7
    static let noiseLevels = [250, 500, 750]

    var model: PartAModel { options.partAModel() }
    var strided: [Int] { options.timestepsOverride ?? IFScheduler.courseTimesteps }

    /// The seed's i_start (an index into 990, 960, …, 0) as an index into `strided`: the first entry at or below
    /// the seed's timestep (the same index unless a test overrides the timesteps).
    func start(_ seedIndex: Int) -> Int {
        let t = IFScheduler.courseTimesteps[seedIndex]
        return strided.firstIndex { $0 <= t } ?? strided.count - 2
    }

    func denoiser(_ context: FigureContext, figure: String) throws -> any Denoiser {
        do {
            return try context.denoiser()
        } catch var error as FigureError where error.figure == "-" {
            error.figure = figure
            throw error
        }
    }

    /// The prompt's embedding: from the precomputed file when it has it, else encoded natively (cached).
    func embedding(_ prompt: String) throws -> Conditioning { .embedding(try options.promptSource.embedding(prompt)) }

    /// IF's learned-range variance (the course's `add_variance`) as the loop's step noise.
    var stepNoise: StepNoise {
        .predicted { v, t, tPrev in
            let logVar = try IFScheduler(thresholding: false).logVariance(t: t, previous: tPrev, predictedVariance: v)
            return Tensor(shape: logVar.shape, data: logVar.data.map { expf(0.5 * $0) })
        }
    }
    var sampling: SamplingOptions { SamplingOptions(stepNoise: stepNoise) }

    func parameters(_ own: [String: String]) -> [String: String] {
        var all: [String: String] = [
            "backend": "deepfloyd", "model": model.name, "model_snapshot": options.snapshotIdentity(),
            "prompts_sha256": options.promptsHash(), "text_encoder": options.textEncoderIdentity(), "seed": "\(seed)", "T": "1000", "pixel_range": "[-1, 1]",
            "strided_timesteps": PartAFormat.list(strided), "step_noise": "IF learned-range variance",
        ]
        for (key, value) in own { all[key] = value }
        return all
    }

    var inputs: [FigureInput] { [model.input, .model(name: "content-pictures", hash: ContentPictures(contentDirectory: contentDirectory).contentHash)] }

    static func toModel(_ x: Tensor) -> Tensor { Tensor(shape: x.shape, data: x.data.map { 2 * $0 - 1 }) }
    static func toDisplay(_ x: Tensor) -> Tensor { ImageOps.clamp(Tensor(shape: x.shape, data: x.data.map { ($0 + 1) / 2 })) }

    /// A picture as IF's input, the seed's `process_pil_im`: centre-crop, resize to `size`, RGB, [0, 1].
    static func rgb(_ image: PixelImage, size: Int) throws -> Tensor {
        let cell = ImageCell(image)
        let planar = Tensor(shape: [1, cell.channels, cell.height, cell.width], data: cell.values)
        let resized = try ImageOps.resize(try ImageOps.centerCropSquare(planar), height: size, width: size)
        return Batch.channels(ImageOps.clamp(resized), 3)
    }

    /// The test image (the seed's Campanile): the first PNG of content/images, else the first drawing, else the
    /// typeset web picture. Returns its name and [1,3,size,size] in [0, 1].
    func testImage(size: Int) throws -> (name: String, image: Tensor) {
        let pictures = try ContentPictures(contentDirectory: contentDirectory).load()
        let picture = pictures.first { $0.name.lowercased().hasSuffix(".png") } ?? pictures.first
            ?? SourcePicture(name: "web picture", image: WebDigit().render())
        return (picture.name, try Self.rgb(picture.image, size: size))
    }

    /// The course mask rows 2..<20 × cols 24..<42 at 64 px, scaled to `size`: [1,1,size,size], 1 = regenerate.
    static func mask(size: Int) -> Tensor {
        func scaled(_ v: Int, up: Bool) -> Int { up ? (v * size + 63) / 64 : v * size / 64 }
        let (r0, r1, c0, c1) = (scaled(2, up: false), scaled(20, up: true), scaled(24, up: false), scaled(42, up: true))
        var data = [Float](repeating: 0, count: size * size)
        for r in r0..<r1 { for c in c0..<c1 { data[r * size + c] = 1 } }
        return Tensor(shape: [1, 1, size, size], data: data)
    }

    /// The seed's hybrid blur (kernel 33, σ 2 at 64 px) scaled to `size`, the kernel kept odd.
    static func hybridBlur(size: Int) -> BlurParameters {
        guard size != 64 else { return BlurParameters(kernelSize: 33, sigma: 2) }
        let k = max(3, Int((33.0 * Double(size) / 64).rounded()) | 1)
        return BlurParameters(kernelSize: k, sigma: 2 * Double(size) / 64)
    }
}
