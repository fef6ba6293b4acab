import Compute
import Foundation
import Plotting

/// Part A 1.9: hybrid images (factorized diffusion). ε = lowpass(ε(x, p₁)) + highpass(ε(x, p₂)) with a Gaussian
/// low-pass and highpass = identity − lowpass, CFG on each term, from pure noise: p₁ shows from afar (small),
/// p₂ up close (large).
///
/// The seed's kernel 33, σ 2 at 64 px does not carry over to 28 px digits by scaling alone, so with a judge the
/// low-pass is chosen by measurement: every candidate runs from `measuredSeeds` noises per pair, the judge reads
/// each hybrid up close (full size) and from afar (the smallest reduced view, enlarged back to the model's size),
/// and the candidate read as p₂ up close and p₁ from afar most often is shown. Without a judge (DeepFloyd IF) the
/// seed's kernel, scaled by `SeedMapping`, is the only candidate.
struct HybridFigure: FigureRecipe {
    let id = "a.hybrids"
    let version = 3
    var backend: any PartABackend
    static let seedBlur = BlurParameters(kernelSize: 33, sigma: 2)
    /// The low-pass widths tried with a judge, besides the seed's scaled one.
    static let searchSigmas: [Double] = [1.5, 2, 3]
    var stream: String { "\(id)/noise" }
    let shownSeeds = 2

    var pairs: [PromptPair] { backend.sets.hybrids }
    var judged: Bool { backend.judges }
    var seeds: Int { backend.seedsPerEntry }
    var shown: Int { min(shownSeeds, seeds) }
    /// The seed's kernel scaled to the model.
    var blur: BlurParameters { backend.mapping.blur(Self.seedBlur) }
    /// The low-pass filters tried: the scaled seed kernel, then (with a judge) `searchSigmas` with a kernel of
    /// 2⌈3σ⌉ + 1 taps, which holds the Gaussian to within 0.3 % of its mass.
    var candidates: [BlurParameters] {
        guard judged else { return [blur] }
        return [blur] + Self.searchSigmas.map { BlurParameters(kernelSize: 2 * Int(($0 * 3).rounded(.up)) + 1, sigma: $0) }
    }
    /// The reduced views, a half and a quarter of the model's size (14 and 7 px for the digit model).
    var reducedSizes: [Int] { [max(2, backend.size / 2), max(2, backend.size / 4)] }

    var parameters: [String: String] {
        var own = [
            "pairs": pairs.map { "\($0.first) / \($0.second)" }.joined(separator: " | "),
            "lowpass_candidates": candidates.map { "kernel \($0.kernelSize), sigma \($0.sigma)" }.joined(separator: " | "),
            "seed_lowpass": "kernel \(Self.seedBlur.kernelSize), sigma \(Self.seedBlur.sigma)",
            "reduced_sizes": PartAFormat.list(reducedSizes), "i_start": "0", "noise_stream": stream,
            "seeds_per_pair": "\(seeds)", "shown_seeds": "\(shown)",
        ]
        if judged { own["judged"] = "full size as p2, smallest reduced view enlarged back as p1; most hits of both wins" }
        return backend.parameters(own)
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "", judged: true) }
    var alt: String { "Hybrid images that read as one digit up close and another from afar" }

    func index(pair: Int, seed: Int) -> Int { JudgedRate.seedMajorIndex(entry: pair, seed: seed, entries: pairs.count) }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let low = JudgedRate.seedMajor(pairs.map(\.first), seeds: seeds)
        let high = JudgedRate.seedMajor(pairs.map(\.second), seeds: seeds)
        let judge = try backend.judge(context, figure: id)
        var results: [Tensor] = [], close: [JudgedRate] = [], afar: [JudgedRate] = [], both: [JudgedRate] = []
        for candidate in candidates {
            // Every candidate starts from the same noises, so only the filter differs between them.
            let result = try model.hybridImage(
                count: low.count, timesteps: backend.strided, lowpass: try backend.guided(low),
                highpass: try backend.guided(high), blur: candidate, options: backend.sampling, noise: backend.noise(stream).draw)
            let x = ImageOps.clamp(backend.toDisplay(result.x))
            results.append(x)
            guard let judge else { continue }
            let small = try ImageOps.resize(x, height: reducedSizes.last!, width: reducedSizes.last!)
            let fromAfar = ImageOps.clamp(try ImageOps.resize(small, height: backend.size, width: backend.size))
            let up = try judge.hits(x, expected: high), away = try judge.hits(fromAfar, expected: low)
            close += JudgedRate.perGroup(up, groups: pairs.count)
            afar += JudgedRate.perGroup(away, groups: pairs.count)
            both += JudgedRate.perGroup(zip(up, away).map { $0 && $1 }, groups: pairs.count)
        }
        let chosen = judge == nil ? 0 : Self.best(both, candidates: candidates.count, pairs: pairs.count)
        let x = Batch.first(results[chosen], shown * pairs.count)
        var arrays: [(name: String, tensor: Tensor)] = [("hybrids", x)]
        for size in reducedSizes {
            arrays.append(("reduced_\(size)", try ImageOps.resize(x, height: size, width: size)))
        }
        arrays.append(("chosen_kernel", Tensor(shape: [2], data: [Float(candidates[chosen].kernelSize), Float(candidates[chosen].sigma)])))
        if judge != nil {
            arrays += JudgedRate.arrays("close", close) + JudgedRate.arrays("afar", afar) + JudgedRate.arrays("both", both)
        }
        return FigureData(arrays: arrays)
    }

    /// The candidate with the most images read correctly both ways, summed over pairs; the first on a tie.
    static func best(_ both: [JudgedRate], candidates: Int, pairs: Int) -> Int {
        let totals = (0..<candidates).map { c in (0..<pairs).reduce(0) { $0 + both[c * pairs + $1].hits } }
        return totals.indices.max { totals[$0] < totals[$1] || (totals[$0] == totals[$1] && $0 > $1) } ?? 0
    }

    func chosen(_ data: FigureData) -> BlurParameters {
        guard let k = data["chosen_kernel"], k.count == 2 else { return blur }
        return BlurParameters(kernelSize: Int(k.data[0]), sigma: Double(k.data[1]))
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let full = try data.require("hybrids", figure: id)
        let reduced = try reducedSizes.map { try data.require("reduced_\($0)", figure: id) }
        var rows: [[ImageCell?]] = [], titles: [String] = []
        for p in pairs.indices {
            for s in 0..<shown {
                let i = index(pair: p, seed: s)
                rows.append([ImageCell(batch: full, index: i)] + reduced.map { ImageCell(batch: $0, index: i) })
                titles.append("low \(backend.describe(pairs[p].first)), high \(backend.describe(pairs[p].second))"
                    + (shown > 1 ? ", noise \(s + 1)" : ""))
            }
        }
        return ImageGrid(rows: rows, rowTitles: titles, columnTitles: ["\(backend.size) px"] + reducedSizes.map { "\($0) px" },
                         scale: backend.cellScale, fontSize: 12).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let list = pairs.map { "\(backend.describe($0.first)) / \(backend.describe($0.second))" }.joined(separator: ", ")
        let mapping = backend.mapping, used = chosen(data)
        let scaled = mapping.targetSize == mapping.sourceSize ? ""
            : " (the seed's kernel \(Self.seedBlur.kernelSize), σ = \(PartAFormat.sigma(Self.seedBlur.sigma)) at \(mapping.sourceSize) px "
                + "scaled by \(mapping.targetSize)/\(mapping.sourceSize) is kernel \(blur.kernelSize), σ = \(PartAFormat.sigma(blur.sigma)))"
        var text = "Hybrid images from pure noise: ε = lowpass(ε(x, p₁)) + highpass(ε(x, p₂)), CFG γ = \(PartAFormat.gamma(backend.gamma)) "
            + "on each term, Gaussian low-pass with kernel \(used.kernelSize) and σ = \(PartAFormat.sigma(used.sigma))\(scaled), "
            + "high-pass = identity − low-pass; (p₁, p₂) = \(list). Each is shown at full size and reduced "
            + "(\(PartAFormat.list(reducedSizes)) px, area-averaged): p₁ should dominate small, p₂ large"
            + (shown > 1 ? "; the first \(shown) of \(seeds) noises per pair. " : ". ")
        if let close = JudgedRate.read("close", from: data), let afar = JudgedRate.read("afar", from: data),
           let both = JudgedRate.read("both", from: data), close.count == candidates.count * pairs.count {
            let c = candidates.firstIndex(of: used) ?? 0
            let n = pairs.count
            text += "Read by sitegen's MNIST classifier over \(seeds) noises per pair, up close at \(backend.size) px and from afar "
                + "(the \(reducedSizes.last!) px view enlarged back): "
                + pairs.indices.map { p in
                    "\(backend.describe(pairs[p].first)) / \(backend.describe(pairs[p].second)): up close as p₂ \(close[c * n + p].description), "
                        + "from afar as p₁ \(afar[c * n + p].description), both \(both[c * n + p].description)"
                }.joined(separator: "; ")
                + ". The low-pass was chosen as the one with the most images read both ways, of σ = "
                + candidates.indices.map { k in
                    let hits = (0..<n).reduce(0) { $0 + both[k * n + $1].hits }
                    return "\(PartAFormat.sigma(candidates[k].sigma)) (kernel \(candidates[k].kernelSize)): \(hits) of \(n * seeds)"
                }.joined(separator: ", ") + ". "
        }
        return text + "i_start = 0 over the \(backend.describeStrided) (seed \(backend.seed))." + backend.captionNote
    }
}
