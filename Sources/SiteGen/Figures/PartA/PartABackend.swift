import Compute
import Foundation
import Plotting

/// What differs between the models Part A runs on (the digit model, DeepFloyd IF), so that every technique is
/// written once: one recipe per technique takes a backend and the sets of prompts and pictures it is shown on.
///
/// Pixel convention: recipes store and draw images in [0, 1]. A backend whose model works in another range
/// converts at the edges (`toModel` before a loop, `toDisplay` after), never inside a recipe.
protocol PartABackend: Sendable {
    /// Which backend this is: names it in captions and picks the content's `::backend` blocks.
    var kind: Backend { get }
    /// The model's identity in every Part A cache key.
    var model: PartAModel { get }
    /// The seed's numbers (T = 1000, 64 px) mapped onto this model.
    var mapping: SeedMapping { get }
    /// The strided timesteps of every loop: the seed's 990, 960, …, 0 mapped by `mapping` (a test may shorten them).
    var strided: [Int] { get }
    /// The project seed every figure's streams start from.
    var seed: UInt64 { get set }
    /// Classifier-free guidance scale, the seed's γ = 7.
    var gamma: Float { get set }
    /// The noise added after each strided step, and how the parameters name it.
    var stepNoise: StepNoise { get }
    var stepNoiseName: String { get }
    /// The model's pixel range, as the parameters print it.
    var pixelRange: String { get }
    /// The seed's sets of prompts, pairs and pictures in this backend's vocabulary.
    var sets: PartASets { get }

    /// A prompt of this backend as the model's condition. The empty prompt is `.null` (the null class, IF's "").
    func condition(_ prompt: String) throws -> Conditioning
    /// A prompt as a caption prints it ("class 3", "\"a rocket ship\"").
    func describe(_ prompt: String) -> String
    /// The build's model, checked to be the one the mapping (and so every printed value) was made for.
    func denoiser(_ context: FigureContext, figure: String) throws -> any Denoiser
    /// [0, 1] images to the model's range and back (the latter clamped, as displayed).
    func toModel(_ x: Tensor) -> Tensor
    func toDisplay(_ x: Tensor) -> Tensor
    /// A picture (a user's PNG, a drawing, the web picture) as the model's input: [1, channels, size, size] in [0, 1].
    func picture(_ image: PixelImage) throws -> Tensor
    /// Image channels of the model.
    var channels: Int { get }
    /// Settings only this backend has (its snapshot, its prompts file), merged into every recipe's parameters.
    var ownParameters: [String: String] { get }
    /// The sentence every caption ends with: which model computed it.
    var captionNote: String { get }
    /// Noises a figure's measured effect averages over: many for a model that samples in a fraction of a second,
    /// one (the shown image) for one that takes minutes.
    var measuredSeeds: Int { get }
    /// The judge's identity in the cache keys of the figures that measure their effect; nil without a judge.
    var judgeInput: FigureInput? { get }
    /// What reads the figures' images back as prompts (`PartAJudge`), nil when the backend has none.
    func judge(_ context: FigureContext, figure: String) throws -> PartAJudge?
    /// Part 0's figure: the model's first look, which each model does its own way.
    func partZero(contentDirectory: String) -> any FigureRecipe
}

extension PartABackend {
    var size: Int { mapping.targetSize }
    var sampling: SamplingOptions { SamplingOptions(stepNoise: stepNoise) }

    /// The seed's noise levels 250, 500, 750 mapped to the model (75, 150, 225 at T = 300).
    var noiseLevels: [Int] { mapping.timesteps(SeedMapping.seedNoiseLevels) }

    /// The seed's i_start (an index into 990, 960, …, 0) as an index into `strided`: the first entry at or below
    /// the seed's timestep mapped to the model (the same index unless a test shortened the list).
    func start(_ seedIndex: Int) -> Int {
        let t = mapping.timestep(SeedMapping.seedStridedTimesteps[seedIndex])
        return strided.firstIndex { $0 <= t } ?? strided.count - 2
    }

    /// Guidance toward one prompt per image with CFG γ against the empty prompt. CFG toward the empty prompt is
    /// the empty prompt itself (ε_u + γ(ε_u − ε_u) = ε_u), so that case runs as one plain pass.
    func guided(_ prompts: [String]) throws -> Guidance {
        let conditions = try prompts.map(condition)
        if conditions.allSatisfy({ if case .null = $0 { return true }; return false }) {
            return Guidance(condition: conditions, unconditional: nil, scale: 1)
        }
        return .cfg(conditions, scale: gamma)
    }

    /// One plain conditional pass per image, no CFG.
    func plain(_ prompts: [String]) throws -> Guidance {
        Guidance(condition: try prompts.map(condition), unconditional: nil, scale: 1)
    }

    /// The settings every recipe lists, merged with its own.
    func parameters(_ own: [String: String]) -> [String: String] {
        var all: [String: String] = [
            "backend": kind.rawValue, "model": model.name, "seed": "\(seed)",
            "mapping": "T \(mapping.sourceT) -> \(mapping.targetT), \(mapping.sourceSize) px -> \(mapping.targetSize) px",
            "pixel_range": pixelRange, "strided_timesteps": PartAFormat.list(strided), "step_noise": stepNoiseName,
            "gamma": PartAFormat.gamma(gamma),
        ]
        for (key, value) in ownParameters { all[key] = value }
        for (key, value) in own { all[key] = value }
        return all
    }

    /// Whether the figures measure their effect: the backend has a judge.
    var judges: Bool { judgeInput != nil }
    /// Noises per prompt or pair of a figure that measures its effect: `measuredSeeds` with a judge, else the one
    /// that is shown.
    var seedsPerEntry: Int { judges ? measuredSeeds : 1 }

    /// The model and whatever the recipe's pictures read; `judged`: the recipe also measures with the judge.
    func inputs(_ pictures: [PictureRef], contentDirectory: String, judged: Bool = false) -> [FigureInput] {
        var inputs = [model.input]
        if judged, let judgeInput { inputs.append(judgeInput) }
        if pictures.contains(where: \.readsMNIST) { inputs.insert(.mnistTest, at: 0) }
        if pictures.contains(where: \.readsContent) {
            inputs.append(.model(name: "content-pictures", hash: ContentPictures(contentDirectory: contentDirectory).contentHash))
        }
        return inputs
    }

    /// "i_start = 10 (t = 207; the seed's 690)".
    func describeStart(_ iStart: Int) -> String {
        let seed = SeedMapping.seedStridedTimesteps
        let mapped = seed.firstIndex { mapping.timestep($0) == strided[iStart] }.map { "; the seed's \(seed[$0])" } ?? ""
        return "i_start = \(iStart) (t = \(strided[iStart])\(mapped))"
    }

    /// "297, 288, …, 0 (34 entries, the seed's 990, 960, …, 0 mapped to T = 300)".
    var describeStrided: String {
        let head = strided.prefix(2).map(String.init).joined(separator: ", ")
        let how = mapping.targetT == mapping.sourceT ? "" : ", the seed's 990, 960, …, 0 mapped to T = \(mapping.targetT)"
        return "strided timesteps \(head), …, \(strided.last ?? 0) (\(strided.count) entries\(how))"
    }

    /// "t = 75, 150, 225 (the seed's 250, 500, 750 mapped to T = 300)".
    var describeLevels: String {
        let how = mapping.targetT == mapping.sourceT ? ""
            : " (the seed's \(PartAFormat.list(SeedMapping.seedNoiseLevels)) mapped to T = \(mapping.targetT))"
        return "t = \(PartAFormat.list(noiseLevels))\(how)"
    }

    /// Grid cell magnification: small models' images are enlarged to about 112-256 px.
    var cellScale: Int { max(1, min(4, 256 / max(size, 1))) }

    /// A figure's named noise stream.
    func noise(_ stream: String) -> SeededNoise { SeededNoise(seed: seed, name: stream) }

    /// The pictures as model input ([M, channels, size, size] in [0, 1]) with a row title each.
    func load(_ pictures: [PictureRef], context: FigureContext, figure: String,
              contentDirectory: String) throws -> (images: Tensor, names: [String]) {
        var images: [Tensor] = [], names: [String] = []
        for ref in pictures {
            for found in try ref.load(context, figure: figure, contentDirectory: contentDirectory) {
                let image: Tensor
                switch found.pixels {
                case .mnist(let grey): image = try mnistInput(grey)
                case .picture(let picture): image = try self.picture(picture)
                }
                images.append(image)
                names.append(found.name)
            }
        }
        guard !images.isEmpty else { throw FigureError(figure: figure, "its picture list is empty") }
        return (Batch.concat(images), names)
    }

    /// An MNIST digit [1,1,28,28] at the model's size and channels.
    func mnistInput(_ grey: Tensor) throws -> Tensor {
        let resized = grey.shape[2] == size ? grey : ImageOps.clamp(try ImageOps.resize(grey, height: size, width: size))
        return Batch.channels(resized, channels)
    }
}
