import Compute
import Foundation
import Plotting

/// Part A 1.7 (SDEdit), 1.7.1 (web and hand-drawn images) and 1.7.3 (conditional image-to-image): each picture
/// is noised to strided[i_start] and denoised from there toward its prompt with CFG, for every i_start. Small
/// i_start means much noise and big edits. All pictures of one i_start run as one batch.
///
/// The seed's SDEdit prompt "a high quality photo" says nothing about content; the digit model's content-free
/// condition is the null class, and CFG toward it is the null class itself, so that case runs unguided.
///
/// The effect is measured: every edit also runs from more noises (`distanceSeeds`, as many as the backend
/// affords), and a plot under the grid shows the mean RMS pixel distance to the starting image per i_start,
/// which should fall as i_start grows (less noise added, less to invent). The grid shows the first noise.
struct ImageToImageFigure: FigureRecipe {
    let id: String
    let version = 4
    var backend: any PartABackend
    var contentDirectory: String
    var pictures: [PictureRef]
    /// One prompt per picture that `pictures` names (a `.allContent` entry may name several), or one for all.
    var prompts: [String]
    var what: String

    var stream: String { "\(id)/noise" }
    var iStarts: [Int] { backend.sets.sdeditStarts.map(backend.start) }
    /// Noises per edit behind the distance plot.
    var distanceSeeds: Int { backend.measuredSeeds }

    var parameters: [String: String] {
        backend.parameters([
            "pictures": pictures.map(\.text).joined(separator: " | "), "prompts": prompts.joined(separator: " | "),
            "picture_conversion": "centre-crop, resize" + (backend.channels == 1 ? ", grey, invert if light" : ", RGB"),
            "i_starts": PartAFormat.list(iStarts), "t_starts": PartAFormat.list(iStarts.map { backend.strided[$0] }),
            "noise_stream": stream, "distance": "RMS pixel distance in [0, 1] to the starting image",
            "distance_seeds": "\(distanceSeeds)",
        ].merging(pictures.contains(.web) ? WebDigit().parameters : [:]) { $1 })
    }
    var inputs: [FigureInput] { backend.inputs(pictures, contentDirectory: contentDirectory, judged: hasTarget) }
    /// Edits toward a content prompt (the conditional translation) have a target the judge can look for; SDEdit's
    /// content-free prompt has none.
    var hasTarget: Bool { prompts.contains { !$0.isEmpty } }
    var alt: String { "\(what) at six noise levels" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let (images, names) = try backend.load(pictures, context: context, figure: id, contentDirectory: contentDirectory)
        let m = images.shape[0]
        guard prompts.count == m || prompts.count == 1 else {
            throw FigureError(figure: id, "\(prompts.count) prompts for \(m) pictures: give one per picture or one for all")
        }
        let s = distanceSeeds
        let each = prompts.count == 1 ? Array(repeating: prompts[0], count: m) : prompts
        let targets = Array(repeating: each, count: s).flatMap { $0 }
        let guidance = try backend.guided(targets)
        let noise = backend.noise(stream)
        var edits: [Tensor] = [], distances: [Float] = [], reached: [JudgedRate] = []
        let judge = hasTarget ? try backend.judge(context, figure: id) : nil
        for iStart in iStarts {
            // Seed-major: the first m images are the first noise's edits, the ones the grid shows.
            let r = try model.sdedit(backend.toModel(Batch.repeated(images, times: s)), timesteps: backend.strided, iStart: iStart,
                                     guidance: guidance, options: backend.sampling, noise: noise.draw)
            let x = ImageOps.clamp(backend.toDisplay(r.x))
            edits.append(Batch.first(x, m))
            let rms = Self.rmsDistances(x, to: images)
            distances += (0..<m).map { p in (0..<s).reduce(0) { $0 + rms[$1 * m + p] } / Float(s) }
            if let judge { reached.append(JudgedRate(try judge.hits(x, expected: targets))) }
        }
        return FigureData(arrays: (reached.isEmpty ? [] : JudgedRate.arrays("target", reached)) + [
            ("originals", images), ("edits", Batch.concat(edits)), ("i_starts", Batch.vector(iStarts)),
            ("t_starts", Batch.vector(iStarts.map { backend.strided[$0] })),
            ("distance_rms", Tensor(shape: [iStarts.count, m], data: distances)),
        ], metadata: ["rows": names.joined(separator: "\n")])
    }

    /// RMS difference of each image of `x` ([k·M, C, H, W]) from its picture in `originals` ([M, C, H, W]).
    static func rmsDistances(_ x: Tensor, to originals: Tensor) -> [Float] {
        let m = originals.shape[0], per = originals.count / m
        return (0..<x.shape[0]).map { i in
            let o = (i % m) * per
            var sum: Double = 0
            for j in 0..<per {
                let d = Double(x.data[i * per + j] - originals.data[o + j])
                sum += d * d
            }
            return Float((sum / Double(per)).squareRoot())
        }
    }

    /// Mean distance of picture `row` at each i_start.
    func distances(_ data: FigureData, row: Int) -> [Double] {
        guard let d = data["distance_rms"], d.shape.count == 2, row < d.shape[1] else { return [] }
        return (0..<d.shape[0]).map { Double(d.data[$0 * d.shape[1] + row]) }
    }

    func rowNames(_ data: FigureData) -> [String] {
        (data.metadata["rows"] ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let originals = try data.require("originals", figure: id), edits = try data.require("edits", figure: id)
        let m = originals.shape[0]
        let names = rowNames(data)
        let rows: [[ImageCell?]] = (0..<m).map { row in
            iStarts.indices.map { k in ImageCell(batch: edits, index: k * m + row) } + [ImageCell(batch: originals, index: row)]
        }
        let titles = (0..<m).map { row -> String in
            let name = row < names.count ? names[row] : "image \(row + 1)"
            guard prompts.count > 1 else { return name }
            return "\(name) → \(backend.describe(prompts[row]))"
        }
        let grid = ImageGrid(rows: rows, rowTitles: titles,
                             columnTitles: iStarts.map { "i_start \($0), t \(backend.strided[$0])" } + ["original"],
                             scale: min(3, backend.cellScale), fontSize: 12).render(density: FigureStyle.density)
        guard data["distance_rms"] != nil else { return grid }
        let plot = LinePlot(title: "Distance to the starting image", xLabel: "i_start", yLabel: "RMS pixel distance",
                            series: (0..<m).map { row in
                                .init(name: row < names.count ? names[row] : "image \(row + 1)", xs: iStarts.map(Double.init),
                                      ys: distances(data, row: row))
                            }, width: max(400, min(grid.width / FigureStyle.density, 640)), height: 240, fontSize: 12).render(density: FigureStyle.density)
        return PixelImage.column([grid, plot], gap: 16 * FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let levels = iStarts.map { "\($0) (t = \(backend.strided[$0]))" }.joined(separator: ", ")
        let names = rowNames(data)
        let how: String
        if prompts.count > 1 {
            let pairs = prompts.indices.map { "\($0 < names.count ? names[$0] : "image \($0 + 1)") → \(backend.describe(prompts[$0]))" }
            how = "denoised toward \(pairs.joined(separator: ", ")) with CFG γ = \(PartAFormat.gamma(backend.gamma))"
        } else if prompts.first?.isEmpty ?? true {
            how = "denoised by the unconditional model (\(backend.describe("")))"
        } else {
            how = "denoised toward \(backend.describe(prompts[0])) with CFG γ = \(PartAFormat.gamma(backend.gamma))"
        }
        return "\(what): each image is noised to strided[i_start] and \(how), at i_start = \(levels) over the "
            + "\(backend.describeStrided); the last column is the starting image (seed \(backend.seed)). " + measured(data)
            + backend.captionNote
    }

    /// What the distance plot shows, in numbers: per picture, the mean distance at the first and last i_start
    /// and whether it fell at every step.
    func measured(_ data: FigureData) -> String {
        let names = rowNames(data)
        guard let d = data["distance_rms"], d.shape.count == 2 else { return "" }
        let rows = (0..<d.shape[1]).map { row -> String in
            let v = distances(data, row: row)
            let steady = zip(v, v.dropFirst()).allSatisfy { $1 < $0 }
            let name = row < names.count ? names[row] : "image \(row + 1)"
            return "\(name) " + v.map { String(format: "%.3f", $0) }.joined(separator: " → ")
                + (steady ? " (falling at every step)" : " (not falling at every step)")
        }
        let target = JudgedRate.read("target", from: data).map { rates in
            " Sitegen's MNIST classifier reads the edits as their target class at i_start = "
                + zip(iStarts, rates).map { "\($0): \($1.description)" }.joined(separator: ", ") + "."
        } ?? ""
        return "The plot: mean RMS pixel distance to the starting image over \(distanceSeeds) noises per edit, at "
            + "i_start = \(PartAFormat.list(iStarts)): " + rows.joined(separator: "; ") + "." + target
    }
}
