import Compute
import Foundation
import Plotting

/// One Part A figure on DeepFloyd IF, the seed's procedure for its section with the seed's prompts. All images
/// are stored in [0, 1] as rows of a grid; the row and column titles travel in the figure data's metadata, so a
/// cached figure draws without recomputing.
struct IFFigure: FigureRecipe {
    enum Kind: Sendable {
        case forward, blur, oneStep, iterative, iterativeCompare, samples, cfg, inpaint, anagram, hybrid
        /// SDEdit at the seed's i_start levels 1, 3, 5, 7, 10, 20 with CFG toward `prompt`.
        case sdedit(IFPictureSource, prompt: String)
    }

    let id: String
    let version = 1
    var kind: Kind
    var setup: IFPartASetup
    var alt: String
    /// The caption's first sentence.
    var what: String

    static let qualityPrompt = "a high quality photo"
    /// 1.7.3's text-conditional image-to-image target.
    static let translationPrompt = "a rocket ship"
    static let sdeditStarts = [1, 3, 5, 7, 10, 20]
    static let blurKernelSizes = [3, 5, 7, 9, 11]
    static let blurSigmas: [Double] = [0.5, 0.75, 1, 1.5, 2, 3, 4]
    static let anagramPrompts = ("an oil painting of an old man", "an oil painting of people around a campfire")
    static let hybridPrompts = ("a lithograph of a skull", "a lithograph of waterfalls")
    var stream: String { "\(id)/noise" }

    var parameters: [String: String] {
        var own: [String: String] = ["noise_stream": stream, "gamma": PartAFormat.gamma(setup.gamma)]
        switch kind {
        case .forward, .blur, .oneStep:
            own["timesteps"] = PartAFormat.list(IFPartASetup.noiseLevels)
            own["noise_stream"] = IFFigure.forwardStream
            own["prompt"] = Self.qualityPrompt
            own["blur_kernel_sizes"] = PartAFormat.list(Self.blurKernelSizes)
            own["blur_sigmas"] = Self.blurSigmas.map { "\($0)" }.joined(separator: ",")
        case .iterative, .iterativeCompare:
            own["i_start"] = "\(setup.start(10))"
            own["record_every"] = "5"
            own["prompt"] = Self.qualityPrompt + " (no CFG)"
            own["noise_stream"] = "a.iterative/noise"
        case .samples: own["prompt"] = Self.qualityPrompt + " (no CFG)"; own["count"] = "5"
        case .cfg: own["prompt"] = Self.qualityPrompt + " / \"\" (CFG)"; own["count"] = "5"
        case .inpaint: own["prompt"] = Self.qualityPrompt + " / \"\" (CFG)"; own["mask"] = "rows 2..<20, cols 24..<42 at 64 px, scaled"
        case .sdedit(let source, let prompt):
            own["prompt"] = prompt
            own["source"] = source.description
            own["i_start"] = PartAFormat.list(Self.sdeditStarts.map(setup.start))
        case .anagram: own["prompts"] = "\(Self.anagramPrompts.0) | \(Self.anagramPrompts.1)"
        case .hybrid: own["prompts"] = "\(Self.hybridPrompts.0) | \(Self.hybridPrompts.1)"; own["blur"] = "kernel 33, sigma 2 at 64 px, scaled to the model size"
        }
        return setup.parameters(own)
    }
    var inputs: [FigureInput] { setup.inputs }

    static let forwardStream = "a.forward/eps"

    func compute(_ context: FigureContext) throws -> FigureData {
        let d = try setup.denoiser(context, figure: id)
        guard d.channels == 3 else {
            throw FigureError(figure: id, "the DeepFloyd backend needs a 3-channel (stage I) model, this one has \(d.channels)")
        }
        let grid = try IFFigureComputation(figure: self, model: d, context: context).run()
        return grid.data
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let grid = try IFGrid(data, figure: id)
        let size = grid.rows.first?.images.shape[3] ?? 64
        let rows: [[ImageCell?]] = grid.rows.map { row in (0..<row.images.shape[0]).map { ImageCell(batch: row.images, index: $0) } }
        let titles = grid.rows.map(\.title)
        return ImageGrid(rows: rows, rowTitles: titles.allSatisfy(\.isEmpty) ? nil : titles,
                         columnTitles: grid.columns.isEmpty ? nil : grid.columns,
                         scale: max(1, min(4, 256 / max(size, 1))), fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        let starts = setup.strided.count == IFScheduler.courseTimesteps.count ? "" : " (TEST timesteps override)"
        return "\(what) Computed with the DeepFloyd IF backend (stage I UNet, snapshot \(String(setup.options.snapshotIdentity().prefix(12))), "
            + "T = 1000, strided timesteps \(setup.strided.first ?? 0), …, \(setup.strided.last ?? 0)\(starts), "
            + "IF's learned variance; seed \(setup.seed), stream \"\(parametersStream)\")."
    }

    private var parametersStream: String { parameters["noise_stream"] ?? stream }
}

/// Where SDEdit's pictures come from.
enum IFPictureSource: Sendable, CustomStringConvertible {
    case testImage, web, content
    var description: String {
        switch self {
        case .testImage: "test image"
        case .web: "typeset web picture"
        case .content: "content/drawings and content/images"
        }
    }
}

/// A figure's images as titled rows ([N,3,H,W] in [0, 1]) under column titles.
struct IFGrid {
    var rows: [(title: String, images: Tensor)]
    var columns: [String]
    static let separator = "\u{1F}"

    init(rows: [(title: String, images: Tensor)], columns: [String]) {
        self.rows = rows
        self.columns = columns
    }

    init(_ data: FigureData, figure: String) throws {
        let titles = (data.metadata["grid.rows"] ?? "").components(separatedBy: Self.separator)
        columns = (data.metadata["grid.columns"] ?? "").components(separatedBy: Self.separator).filter { !$0.isEmpty }
        rows = try titles.indices.map { (titles[$0], try data.require("row\($0)", figure: figure)) }
    }

    var data: FigureData {
        FigureData(arrays: rows.enumerated().map { ("row\($0.offset)", $0.element.images) },
                   metadata: ["grid.rows": rows.map(\.title).joined(separator: Self.separator),
                              "grid.columns": columns.joined(separator: Self.separator)])
    }
}
