import Compute
import Foundation
import Plotting

/// Part A 1.7 (SDEdit), 1.7.1 (web and hand-drawn images) and 1.7.3 (conditional image-to-image): each picture
/// is noised to strided[i_start] and denoised from there toward its prompt with CFG, for every i_start. Small
/// i_start means much noise and big edits. All pictures of one i_start run as one batch.
///
/// The seed's SDEdit prompt "a high quality photo" says nothing about content; the digit model's content-free
/// condition is the null class, and CFG toward it is the null class itself, so that case runs unguided.
struct ImageToImageFigure: FigureRecipe {
    let id: String
    let version = 2
    var backend: any PartABackend
    var contentDirectory: String
    var pictures: [PictureRef]
    /// One prompt per picture that `pictures` names (a `.allContent` entry may name several), or one for all.
    var prompts: [String]
    var what: String

    var stream: String { "\(id)/noise" }
    var iStarts: [Int] { backend.sets.sdeditStarts.map(backend.start) }

    var parameters: [String: String] {
        backend.parameters([
            "pictures": pictures.map(\.text).joined(separator: " | "), "prompts": prompts.joined(separator: " | "),
            "picture_conversion": "centre-crop, resize" + (backend.channels == 1 ? ", grey, invert if light" : ", RGB"),
            "i_starts": PartAFormat.list(iStarts), "t_starts": PartAFormat.list(iStarts.map { backend.strided[$0] }),
            "noise_stream": stream,
        ].merging(pictures.contains(.web) ? WebDigit().parameters : [:]) { $1 })
    }
    var inputs: [FigureInput] { backend.inputs(pictures, contentDirectory: contentDirectory) }
    var alt: String { "\(what) at six noise levels" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let (images, names) = try backend.load(pictures, context: context, figure: id, contentDirectory: contentDirectory)
        let m = images.shape[0]
        guard prompts.count == m || prompts.count == 1 else {
            throw FigureError(figure: id, "\(prompts.count) prompts for \(m) pictures: give one per picture or one for all")
        }
        let guidance = try backend.guided(prompts)
        let noise = backend.noise(stream)
        var edits: [Tensor] = []
        for iStart in iStarts {
            let r = try model.sdedit(backend.toModel(images), timesteps: backend.strided, iStart: iStart, guidance: guidance,
                                     options: backend.sampling, noise: noise.draw)
            edits.append(backend.toDisplay(r.x))
        }
        return FigureData(arrays: [
            ("originals", images), ("edits", Batch.concat(edits)), ("i_starts", Batch.vector(iStarts)),
            ("t_starts", Batch.vector(iStarts.map { backend.strided[$0] })),
        ], metadata: ["rows": names.joined(separator: "\n")])
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
        return ImageGrid(rows: rows, rowTitles: titles,
                         columnTitles: iStarts.map { "i_start \($0), t \(backend.strided[$0])" } + ["original"],
                         scale: min(3, backend.cellScale), fontSize: 12).render()
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
            + "\(backend.describeStrided); the last column is the starting image (seed \(backend.seed), stream \"\(stream)\")."
            + backend.captionNote
    }
}
