import Compute
import Foundation
import Plotting

/// Part A 1.10 (bells and whistles), the course's "design a course logo": the digits of the course number drawn
/// by hand (`content/logo/<digit>.json`, stroke drawings like those of 1.7.1) and edited by the model as in 1.7.3,
/// noised to one i_start and denoised toward their own class with CFG (IF, which has no digit classes among the
/// course's prompts, edits toward the SDEdit prompt), then set beside typeset letters on a black banner. Below the
/// banner, the drawings and their edits.
struct LogoFigure: FigureRecipe {
    let id = "a.logo"
    let version = 1
    var backend: any PartABackend
    var contentDirectory: String
    var digits = "180"
    var letters = "CS"
    var subtitle = "Fun with Diffusion Models"
    /// The seed's i_start = 7 (t = 780 of 1000): enough noise to redraw the strokes in the model's hand, little
    /// enough that the drawn digit survives.
    var seedStart = 7
    static let stream = "a.logo/noise"

    var iStart: Int { backend.start(seedStart) }
    var files: [String] { digits.map { "logo/\($0).json" } }
    var prompts: [String] {
        backend.kind == .digits ? digits.map(String.init) : Array(repeating: backend.sets.editPrompt, count: digits.count)
    }

    var parameters: [String: String] {
        backend.parameters([
            "drawings": files.joined(separator: ","), "prompts": prompts.joined(separator: " | "), "i_start": "\(iStart)",
            "t_start": "\(backend.strided[iStart])", "noise_stream": Self.stream, "letters": letters, "subtitle": subtitle,
        ])
    }

    /// The drawings' bytes are the input: editing one recomputes the logo.
    var inputs: [FigureInput] {
        let text = files.map { file -> String in
            let bytes = FileManager.default.contents(atPath: (contentDirectory as NSString).appendingPathComponent(file))
            return file + ":" + (bytes.map { Hashing.sha256Hex([UInt8]($0)) } ?? "missing")
        }.joined(separator: "\n")
        return [backend.model.input, .model(name: "logo-drawings", hash: Hashing.sha256Hex(text))]
    }

    var alt: String { "A course logo: the letters \(letters) and the digits \(digits) redrawn by the diffusion model from hand-drawn digits" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let pictures = ContentPictures(contentDirectory: contentDirectory)
        for file in files where !FileManager.default.fileExists(atPath: (contentDirectory as NSString).appendingPathComponent(file)) {
            throw FigureError(figure: id, "content/\(file) is missing: the logo's digits \(digits) are drawn in content/logo/<digit>.json")
        }
        let drawn = Batch.concat(try files.map { try backend.picture(try pictures.load(file: $0).image) })
        let result = try model.sdedit(backend.toModel(drawn), timesteps: backend.strided, iStart: iStart,
                                      guidance: try backend.guided(prompts), options: backend.sampling,
                                      noise: backend.noise(Self.stream).draw)
        return FigureData(arrays: [("drawn", drawn), ("edited", backend.toDisplay(result.x))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let drawn = try data.require("drawn", figure: id), edited = try data.require("edited", figure: id)
        let n = edited.shape[0]
        let scale = max(1, 128 / max(backend.size, 1)), cell = backend.size * scale
        let pad = cell / 4, fontSize = Double(cell) * 0.82, subtitleSize = Double(cell) * 0.2
        let measure = Canvas(width: 1, height: 1)
        let lettersWidth = Int(measure.textWidth(letters, size: fontSize, bold: true).rounded(.up))
        let bannerWidth = pad + lettersWidth + pad / 2 + n * cell + pad
        let bannerHeight = pad + cell + Int(subtitleSize * 2.2) + pad / 2
        let strip = ImageGrid(rows: [(0..<n).map { ImageCell(batch: drawn, index: $0) }, (0..<n).map { ImageCell(batch: edited, index: $0) }],
                              rowTitles: ["drawn", "edited"], scale: max(1, scale / 2), padding: 6, fontSize: 12).render(density: FigureStyle.density)
        let density = FigureStyle.density, stripWidth = strip.width / density
        let width = max(bannerWidth, stripWidth), height = bannerHeight + strip.height / density
        let canvas = Canvas(width: width, height: height, background: .white, density: density)
        let left = (width - bannerWidth) / 2
        canvas.fillRect(x: Double(left), y: 0, width: Double(bannerWidth), height: Double(bannerHeight), color: .black)
        canvas.text(letters, x: Double(left + pad), y: Double(pad + cell / 2), size: fontSize, color: .white,
                    vertical: .middle, bold: true)
        for k in 0..<n {
            canvas.draw(ImageCell(batch: edited, index: k), x: left + pad + lettersWidth + pad / 2 + k * cell, y: pad, scale: scale)
        }
        canvas.text(subtitle, x: Double(left + bannerWidth / 2), y: Double(pad + cell) + subtitleSize * 1.2, size: subtitleSize,
                    color: .white, align: .center, vertical: .middle)
        canvas.drawPixels(strip, x: (width - stripWidth) / 2, y: bannerHeight)
        return canvas.image()
    }

    func caption(_ data: FigureData) -> String {
        let toward = backend.kind == .digits
            ? "toward its own class (\(prompts.map(backend.describe).joined(separator: ", "))) with CFG γ = \(PartAFormat.gamma(backend.gamma))"
            : "toward \(backend.describe(backend.sets.editPrompt)) with CFG γ = \(PartAFormat.gamma(backend.gamma))"
        return "A course logo: the digits \(digits) were drawn by hand as strokes (content/logo/), noised to "
            + "\(backend.describeStart(iStart)) and denoised \(toward) over the \(backend.describeStrided), "
            + "then set beside the typeset letters \(letters) (DejaVu Sans Bold). Below: the drawings and their edits "
            + "(seed \(backend.seed), stream \"\(Self.stream)\")." + backend.captionNote
    }
}
