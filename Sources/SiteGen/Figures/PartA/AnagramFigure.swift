import Compute
import Plotting

/// Part A 1.8: visual anagrams. ε = (ε(x, p₁) + flip(ε(flip(x), p₂)))/2 with flip = upside down (rows reversed),
/// each ε with CFG, from pure noise: the result reads as p₁ upright and as p₂ flipped upside down. The figure
/// shows exactly that flip, the transformation the anagram was optimised for. All pairs run as one batch.
struct AnagramFigure: FigureRecipe {
    let id = "a.anagrams"
    let version = 2
    var backend: any PartABackend
    var stream: String { "\(id)/noise" }

    var pairs: [PromptPair] { backend.sets.anagrams }

    var parameters: [String: String] {
        backend.parameters([
            "pairs": pairs.map { "\($0.first) / \($0.second)" }.joined(separator: " | "),
            "flip": "upside down (rows reversed)", "shown": "upright and flipped upside down",
            "i_start": "0", "noise_stream": stream,
        ])
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "") }
    var alt: String { "Visual anagrams: images that read as another prompt when flipped upside down" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let result = try model.visualAnagram(
            count: pairs.count, timesteps: backend.strided, upright: try backend.guided(pairs.map(\.first)),
            flipped: try backend.guided(pairs.map(\.second)), options: backend.sampling, noise: backend.noise(stream).draw)
        let x = backend.toDisplay(result.x)
        return FigureData(arrays: [("anagrams", x), ("flipped", try ImageOps.flipVertical(x))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let upright = try data.require("anagrams", figure: id), flipped = try data.require("flipped", figure: id)
        let rows: [[ImageCell?]] = pairs.indices.map { [ImageCell(batch: upright, index: $0), ImageCell(batch: flipped, index: $0)] }
        return ImageGrid(rows: rows, columnTitles: ["upright", "flipped upside down"],
                         captions: pairs.map { [backend.describe($0.first), backend.describe($0.second)] },
                         scale: backend.cellScale, fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        let list = pairs.map { "\(backend.describe($0.first)) / \(backend.describe($0.second))" }.joined(separator: ", ")
        return "Visual anagrams from pure noise: ε = (ε(x, p₁) + flip(ε(flip(x), p₂)))/2 with flip = upside down and CFG "
            + "γ = \(PartAFormat.gamma(backend.gamma)) on each term, for (p₁, p₂) = \(list); left upright (p₁), right the "
            + "same image flipped upside down (p₂). i_start = 0 over the \(backend.describeStrided) "
            + "(seed \(backend.seed), stream \"\(stream)\")." + backend.captionNote
    }
}
