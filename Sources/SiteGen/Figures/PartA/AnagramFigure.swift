import Compute
import Plotting

/// Part A 1.8: visual anagrams. ε = (ε(x, p₁) + flip(ε(flip(x), p₂)))/2 with flip = upside down (rows reversed),
/// each ε with CFG, from pure noise: the result reads as p₁ upright and as p₂ flipped upside down. The figure
/// shows exactly that flip, the transformation the anagram was optimised for.
///
/// With a judge (the digit backend's classifier) every pair runs from `seeds` noises and the figure states how
/// often the upright image reads as p₁, the flipped one as p₂, and both at once; the grid shows the first
/// `shownSeeds` of them, not a selection. All pairs and seeds run as one batch.
struct AnagramFigure: FigureRecipe {
    let id = "a.anagrams"
    let version = 3
    var backend: any PartABackend
    var stream: String { "\(id)/noise" }
    let shownSeeds = 3

    var pairs: [PromptPair] { backend.sets.anagrams }
    var judged: Bool { backend.judges }
    var seeds: Int { backend.seedsPerEntry }
    var shown: Int { min(shownSeeds, seeds) }

    var parameters: [String: String] {
        var own = [
            "pairs": pairs.map { "\($0.first) / \($0.second)" }.joined(separator: " | "),
            "flip": "upside down (rows reversed)", "shown": "upright and flipped upside down",
            "i_start": "0", "noise_stream": stream, "seeds_per_pair": "\(seeds)", "shown_seeds": "\(shown)",
        ]
        if judged { own["judged"] = "upright as p1, flipped as p2, by the backend's judge" }
        return backend.parameters(own)
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "", judged: true) }
    var alt: String { "Visual anagrams: digits that read as another digit when turned upside down" }

    /// Batch index of `pair` from noise `seed`: seed-major, so the first `pairs.count` images are one seed's.
    func index(pair: Int, seed: Int) -> Int { JudgedRate.seedMajorIndex(entry: pair, seed: seed, entries: pairs.count) }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let upright = JudgedRate.seedMajor(pairs.map(\.first), seeds: seeds)
        let turned = JudgedRate.seedMajor(pairs.map(\.second), seeds: seeds)
        let result = try model.visualAnagram(
            count: upright.count, timesteps: backend.strided, upright: try backend.guided(upright),
            flipped: try backend.guided(turned), options: backend.sampling, noise: backend.noise(stream).draw)
        let x = backend.toDisplay(result.x), flipped = try ImageOps.flipVertical(x)
        let count = shown * pairs.count
        var arrays: [(name: String, tensor: Tensor)] = [("anagrams", Batch.first(x, count)), ("flipped", Batch.first(flipped, count))]
        if let judge = try backend.judge(context, figure: id) {
            let up = try judge.hits(x, expected: upright), down = try judge.hits(flipped, expected: turned)
            let n = pairs.count
            arrays += JudgedRate.arrays("upright", JudgedRate.perGroup(up, groups: n))
                + JudgedRate.arrays("flipped", JudgedRate.perGroup(down, groups: n))
                + JudgedRate.arrays("both", JudgedRate.perGroup(zip(up, down).map { $0 && $1 }, groups: n))
        }
        return FigureData(arrays: arrays)
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let upright = try data.require("anagrams", figure: id), flipped = try data.require("flipped", figure: id)
        let rows: [[ImageCell?]] = pairs.indices.map { p in
            (0..<shown).flatMap { s in
                [ImageCell(batch: upright, index: index(pair: p, seed: s)), ImageCell(batch: flipped, index: index(pair: p, seed: s))]
            }
        }
        let titles = (1...shown).flatMap { shown > 1 ? ["noise \($0): upright", "upside down"] : ["upright", "flipped upside down"] }
        return ImageGrid(rows: rows, columnTitles: titles,
                         captions: pairs.map { pair in (0..<shown).flatMap { _ in [backend.describe(pair.first), backend.describe(pair.second)] } },
                         scale: backend.cellScale, fontSize: 12).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let list = pairs.map { "\(backend.describe($0.first)) / \(backend.describe($0.second))" }.joined(separator: ", ")
        var text = "Visual anagrams from pure noise: ε = (ε(x, p₁) + flip(ε(flip(x), p₂)))/2 with flip = upside down and CFG "
            + "γ = \(PartAFormat.gamma(backend.gamma)) on each term, for (p₁, p₂) = \(list); each image upright (p₁) and "
            + "the same image turned upside down (p₂)"
            + (shown > 1 ? ", from the first \(shown) of \(seeds) noises per pair. " : ". ")
        if let up = JudgedRate.read("upright", from: data), let down = JudgedRate.read("flipped", from: data),
           let both = JudgedRate.read("both", from: data) {
            text += "Measured over \(seeds) noises per pair, sitegen's MNIST classifier reads "
                + pairs.indices.map { p in
                    "\(backend.describe(pairs[p].first)) / \(backend.describe(pairs[p].second)): upright as p₁ \(up[p].description), "
                        + "upside down as p₂ \(down[p].description), both \(both[p].description)"
                }.joined(separator: "; ") + ". "
        }
        return text + "i_start = 0 over the \(backend.describeStrided) (seed \(backend.seed))." + backend.captionNote
    }
}
