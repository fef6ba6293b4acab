import Compute
import Foundation
import Plotting

/// Which model Part A's figures run on, as a cache-key input: its name and the hash of everything that
/// produced it (for the digit backend, the class-conditioned model's `ModelRef`).
public struct PartAModel: Sendable, Equatable {
    public var name: String
    public var hash: String

    public init(name: String, hash: String) {
        self.name = name
        self.hash = hash
    }

    /// The default backend: Part B's final class-conditioned digit model.
    public init(_ ref: ModelRef) {
        self.init(name: ref.kind.rawValue, hash: ref.figureInput.hash)
    }

    public var input: FigureInput { .model(name: name, hash: hash) }
}

/// Part A on Part B's class-conditioned digit model: T = 300, 28×28 grey, a class label plays the prompt
/// ("0"…"9"; "" is the null class), posterior-variance step noise.
///
/// Pixel convention: the model was trained on MNIST pixels / 255 without normalising, so its range is the display
/// range [0, 1] and no conversion sits between data and model.
struct DigitBackend: PartABackend {
    var model: PartAModel
    var mapping: SeedMapping = .digits
    var seed: UInt64 = SiteSeed.value
    var gamma: Float = 7
    /// From `content/part-a.yml`'s `digits:` block.
    var sets: PartASets
    /// What reads the figures' digits back: Part B's evaluation classifier in a build (nil: no judge).
    var judgeSource: PartAJudge.Source?

    init(model: PartAModel, sets: PartASets, judge: PartAJudge.Source? = nil) {
        self.model = model
        self.sets = sets
        self.judgeSource = judge
    }

    init(model: PartAModel, contentDirectory: String, judge: PartAJudge.Source? = nil) throws {
        self.init(model: model, sets: try PartASetsFile.load(contentDirectory: contentDirectory, backend: .digits) {
            _ = try Self.label($0)
        }, judge: judge)
    }

    let kind = Backend.digits
    var strided: [Int] { mapping.stridedTimesteps }
    var stepNoise: StepNoise { .posteriorVariance }
    let stepNoiseName = "posterior variance"
    let pixelRange = "[0, 1]"
    let channels = 1
    var ownParameters: [String: String] { [:] }
    let captionNote = ""
    /// 20 noises per measured pair or edit: the floor, a few seconds per figure on this model.
    let measuredSeeds = 20

    func condition(_ prompt: String) throws -> Conditioning { try Self.label(prompt) }

    /// "3" is class 3, "" the null class; anything else is not a prompt of this model.
    static func label(_ prompt: String) throws -> Conditioning {
        if prompt.isEmpty { return .null }
        guard let k = Int(prompt), (0...9).contains(k), prompt == String(k) else {
            throw PartAPromptError(prompt: prompt, expected: "a digit class 0…9, or \"\" for the null class")
        }
        return .label(k)
    }

    func describe(_ prompt: String) -> String { prompt.isEmpty ? "the null class" : "class \(prompt)" }

    func denoiser(_ context: FigureContext, figure: String) throws -> any Denoiser {
        let d = try context.denoiser(figure: figure)
        guard d.schedule.T == mapping.targetT, d.imageSize == mapping.targetSize else {
            throw FigureError(figure: figure, "the denoiser works at T = \(d.schedule.T), \(d.imageSize)x\(d.imageSize) px, "
                + "but the figure's timesteps were mapped for T = \(mapping.targetT), \(mapping.targetSize)x\(mapping.targetSize) px")
        }
        return d
    }

    var judgeInput: FigureInput? { judgeSource?.input }

    func judge(_ context: FigureContext, figure: String) throws -> PartAJudge? {
        try judgeSource?.make(context)
    }

    func toModel(_ x: Tensor) -> Tensor { x }
    func toDisplay(_ x: Tensor) -> Tensor { x }

    func picture(_ image: PixelImage) throws -> Tensor {
        try ImageConversion.modelInput(image, size: size, channels: channels)
    }
}

/// A prompt the backend cannot condition on.
struct PartAPromptError: Error, CustomStringConvertible {
    var prompt: String
    var expected: String
    var description: String { "unknown prompt \"\(prompt)\": expected \(expected)" }
}
