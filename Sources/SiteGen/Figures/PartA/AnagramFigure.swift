import Compute
import Plotting

/// Part A 1.8: visual anagrams. ε = (ε(x, c₁) + flip(ε(flip(x), c₂)))/2, flip = upside down, each ε with CFG, from
/// pure noise; the result reads as c₁ upright and as c₂ turned around. All pairs run as one batch.
struct AnagramFigure: FigureRecipe {
    let id = "a.anagrams"
    let version = 1
    var setup: PartASetup
    /// (upright, upside-down) classes.
    var pairs = [(6, 9), (2, 7), (4, 8)].map { ClassPair(first: $0.0, second: $0.1) }
    var stream: String { "\(id)/noise" }

    var parameters: [String: String] {
        setup.parameters([
            "pairs": pairs.map(\.text).joined(separator: ", "), "gamma": PartAFormat.gamma(setup.gamma),
            "flip": "upside down (rows reversed)", "shown": "upright and rotated 180 degrees",
            "strided_timesteps": PartAFormat.list(setup.strided), "i_start": "0",
            "step_noise": "posterior variance", "noise_stream": stream,
        ])
    }
    var inputs: [FigureInput] { setup.inputs(mnist: false) }
    var alt: String { "Visual anagrams: digits that read as another digit when turned upside down" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try setup.denoiser(context, figure: id)
        let noise = SeededNoise(seed: setup.seed, name: stream)
        let result = try model.visualAnagram(
            count: pairs.count, timesteps: setup.strided,
            upright: .cfg(pairs.map { .label($0.first) }, scale: setup.gamma),
            flipped: .cfg(pairs.map { .label($0.second) }, scale: setup.gamma), noise: noise.draw)
        return FigureData(arrays: [("anagrams", result.x), ("rotated", try ImageOps.rotate180(result.x)),
                                   ("pairs", ClassPair.tensor(pairs))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let upright = try data.require("anagrams", figure: id), rotated = try data.require("rotated", figure: id)
        let rows: [[ImageCell?]] = pairs.indices.map { [ImageCell(batch: upright, index: $0), ImageCell(batch: rotated, index: $0)] }
        return ImageGrid(rows: rows, rowTitles: pairs.map(\.text), columnTitles: ["upright", "rotated 180°"],
                         captions: pairs.map { ["class \($0.first)", "class \($0.second)"] }, scale: 4, fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        "Visual anagrams from pure noise: ε = (ε(x, c₁) + flip(ε(flip(x), c₂)))/2 with flip = upside down and CFG "
            + "γ = \(PartAFormat.gamma(setup.gamma)) on each term, for (c₁, c₂) = \(pairs.map(\.text).joined(separator: ", ")); "
            + "left upright (class c₁), right rotated by 180° (class c₂). i_start = 0 over the \(setup.describeStrided) "
            + "(seed \(setup.seed), stream \"\(stream)\")."
    }
}

/// Two classes of an illusion: (upright, flipped) or (low-pass, high-pass).
struct ClassPair: Equatable, Sendable {
    var first: Int
    var second: Int
    var text: String { "\(first) / \(second)" }

    static func tensor(_ pairs: [ClassPair]) -> Tensor {
        Tensor(shape: [pairs.count, 2], data: pairs.flatMap { [Float($0.first), Float($0.second)] })
    }
}
