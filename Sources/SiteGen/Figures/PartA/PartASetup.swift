import Compute
import Foundation

/// What every Part A figure shares: the model it runs on, how the seed's numbers (DeepFloyd IF, T = 1000, 64×64)
/// map onto that model, the project seed and the guidance scale. One value, so all figures agree.
///
/// Pixel convention: images are in [0, 1] everywhere, and that is also the range the digit model was trained on
/// (Part B feeds MNIST pixels / 255 without normalising), so no conversion sits between data and model. A backend
/// that works in [−1, 1] (DeepFloyd) must convert inside its `Denoiser`, never in the recipes.
struct PartASetup: Sendable {
    var model: PartAModel
    var mapping: SeedMapping = .digits
    var seed: UInt64 = SiteSeed.value
    /// Classifier-free guidance scale, the seed's γ = 7.
    var gamma: Float = 7

    init(model: PartAModel, mapping: SeedMapping = .digits) {
        self.model = model
        self.mapping = mapping
    }

    /// The seed's strided timesteps 990, 960, …, 0 mapped to the model (297, 288, …, 0 at T = 300).
    var strided: [Int] { mapping.stridedTimesteps }
    /// The seed's noise levels 250, 500, 750 mapped to the model (75, 150, 225).
    var noiseLevels: [Int] { mapping.timesteps(SeedMapping.seedNoiseLevels) }
    var size: Int { mapping.targetSize }

    /// The build's denoiser, checked to be the model the mapping (and so every printed value) was made for.
    func denoiser(_ context: FigureContext, figure: String) throws -> any Denoiser {
        let d: any Denoiser
        do {
            d = try context.denoiser()
        } catch var error as FigureError where error.figure == "-" {
            error.figure = figure
            throw error
        }
        guard d.schedule.T == mapping.targetT, d.imageSize == mapping.targetSize else {
            throw FigureError(figure: figure, "the denoiser works at T = \(d.schedule.T), \(d.imageSize)x\(d.imageSize) px, "
                + "but the figure's timesteps were mapped for T = \(mapping.targetT), \(mapping.targetSize)x\(mapping.targetSize) px")
        }
        return d
    }

    /// The settings every recipe lists, merged with its own.
    func parameters(_ own: [String: String]) -> [String: String] {
        var all: [String: String] = [
            "model": model.name, "seed": "\(seed)",
            "mapping": "T \(mapping.sourceT) -> \(mapping.targetT), \(mapping.sourceSize) px -> \(mapping.targetSize) px",
            "pixel_range": "[0, 1]",
        ]
        for (key, value) in own { all[key] = value }
        return all
    }

    /// The recipes' inputs: MNIST's test split when used, and always the model.
    func inputs(mnist: Bool) -> [FigureInput] {
        (mnist ? [.mnistTest] : []) + [model.input]
    }

    /// "i_start = 10 (t = 207; the seed's 690)".
    func describeStart(_ iStart: Int) -> String {
        "i_start = \(iStart) (t = \(strided[iStart]); the seed's \(SeedMapping.seedStridedTimesteps[iStart]))"
    }

    /// "297, 288, …, 0 (34 entries, the seed's 990, 960, …, 0 mapped to T = 300)".
    var describeStrided: String {
        "strided timesteps \(strided[0]), \(strided[1]), …, \(strided.last ?? 0) (\(strided.count) entries, "
            + "the seed's 990, 960, …, 0 mapped to T = \(mapping.targetT))"
    }
}

/// Short number formats for captions and grid labels.
enum PartAFormat {
    static func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: ", ") }
    static func psnr(_ db: Float) -> String { db.isInfinite ? "∞ dB" : String(format: "%.1f dB", Double(db)) }
    static func sigma(_ s: Double) -> String { String(format: "%.2f", s) }
    static func gamma(_ g: Float) -> String { g == g.rounded() ? String(Int(g)) : String(format: "%.2f", Double(g)) }
}

/// A seeded standard-normal `NoiseSource` on one named Philox stream: every draw continues where the last stopped,
/// so one figure's noise is a pure function of (seed, stream name, order of draws).
final class SeededNoise {
    private var stream: RandomStream
    let name: String

    init(seed: UInt64, name: String) {
        self.name = name
        stream = RandomStream(seed: seed, streamNamed: name)
    }

    func draw(_ shape: [Int]) -> Tensor { stream.normalTensor(shape: shape) }
}
