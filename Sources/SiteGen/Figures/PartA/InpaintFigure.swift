import Compute
import Plotting

/// A rectangular inpainting mask: half-open pixel rows × columns set to 1 (the region to regenerate).
struct MaskRect: Equatable, Sendable {
    var rows: Range<Int>
    var cols: Range<Int>

    var text: String { "rows \(rows.lowerBound)..<\(rows.upperBound), cols \(cols.lowerBound)..<\(cols.upperBound)" }

    /// A box outside the image is an error (a mask typo must not silently shrink).
    func tensor(size: Int) throws -> Tensor {
        try ImageOps.boxMask(height: size, width: size, rows: rows, cols: cols)
    }
}

/// Part A 1.7.2 (RePaint-style inpainting): from pure noise, every strided step is followed by
/// x_t' ← m ⊙ x_t' + (1 − m) ⊙ forward(x_orig, t'), so only the masked region is generated, with CFG toward each
/// target's prompt. A target without its own mask uses the seed's Campanile mask. Masks are given in the seed's
/// 64-px frame (as `content/part-a.yml` lists them) and scaled to the model, so one list serves every model size.
struct InpaintFigure: FigureRecipe {
    let id = "a.inpaint"
    let version = 3
    var backend: any PartABackend
    var contentDirectory: String
    /// The seed's mask `mask[:, :, 2:20, 24:42] = 1` at 64 px.
    static let seedMask = MaskRect(rows: 2..<20, cols: 24..<42)
    var stream: String { "\(id)/noise" }

    var targets: [EditEntry] { backend.sets.inpaint }
    var scaledSeedMask: MaskRect { scaled(Self.seedMask) }
    /// The masks in the seed's 64-px frame, and at the model's size.
    var seedFrameMasks: [MaskRect] { targets.map { $0.mask ?? Self.seedMask } }
    var masks: [MaskRect] { seedFrameMasks.map(scaled) }

    func scaled(_ mask: MaskRect) -> MaskRect {
        MaskRect(rows: backend.mapping.range(mask.rows), cols: backend.mapping.range(mask.cols))
    }

    var parameters: [String: String] {
        backend.parameters([
            "pictures": targets.map(\.picture.text).joined(separator: " | "),
            "prompts": targets.map(\.prompt).joined(separator: " | "),
            "masks": masks.map(\.text).joined(separator: "; "), "seed_mask": Self.seedMask.text + " of 64",
            "unconditional": "\"\"", "i_start": "0", "noise_stream": stream,
        ])
    }
    var inputs: [FigureInput] { backend.inputs(targets.map(\.picture), contentDirectory: contentDirectory) }
    var alt: String { "Images, masks, the holes to fill and the inpainted results" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let (clean, names) = try backend.load(targets.map(\.picture), context: context, figure: id,
                                                 contentDirectory: contentDirectory)
        guard clean.shape[0] == targets.count else {
            throw FigureError(figure: id, "each inpainting target must name one picture; \(targets.count) targets gave \(clean.shape[0])")
        }
        let mask = Batch.concat(try masks.map { try $0.tensor(size: backend.size) })
        let result = try model.inpaint(backend.toModel(clean), mask: mask, timesteps: backend.strided,
                                       guidance: try backend.guided(targets.map(\.prompt)), options: backend.sampling,
                                       noise: backend.noise(stream).draw)
        return FigureData(arrays: [("clean", clean), ("masks", mask), ("inpainted", backend.toDisplay(result.x))],
                          metadata: ["rows": names.joined(separator: "\n")])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let clean = try data.require("clean", figure: id), mask = try data.require("masks", figure: id)
        let inpainted = try data.require("inpainted", figure: id)
        let hole = Self.hole(clean, mask: Batch.channels(mask, clean.shape[1]))
        let rows: [[ImageCell?]] = (0..<clean.shape[0]).map { i in
            [ImageCell(batch: clean, index: i), ImageCell(batch: mask, index: i), ImageCell(batch: hole, index: i),
             ImageCell(batch: inpainted, index: i)]
        }
        return ImageGrid(rows: rows, rowTitles: targets.map { backend.describe($0.prompt) },
                         columnTitles: ["image", "mask", "hole to fill", "inpainted"], scale: backend.cellScale).render(density: FigureStyle.density)
    }

    /// The image with the masked region shown mid-grey.
    static func hole(_ x: Tensor, mask: Tensor) -> Tensor {
        Tensor(shape: x.shape, data: zip(x.data, mask.data).map { $1 > 0.5 ? 0.5 : $0 })
    }

    func caption(_ data: FigureData) -> String {
        let names = (data.metadata["rows"] ?? "").split(separator: "\n").map(String.init)
        let rows = targets.indices.map { i in
            "\(i < names.count ? names[i] : "image \(i + 1)") toward \(backend.describe(targets[i].prompt)) with mask \(masks[i].text)"
        }
        return "Inpainting: from pure noise over the \(backend.describeStrided), each step followed by x_t ← m ⊙ x_t + "
            + "(1 − m) ⊙ forward(x_orig, t), with CFG γ = \(PartAFormat.gamma(backend.gamma)): \(rows.joined(separator: "; ")). "
            + (backend.size == 64 ? "" : "Masks are given at 64 px and scaled: "
                + zip(seedFrameMasks, masks).map { "\($0.text) is \($1.text)" }.joined(separator: ", ") + " at \(backend.size) px; ")
            + "the seed's mask is \(Self.seedMask.text) of 64 px "
            + "(seed \(backend.seed))." + backend.captionNote
    }
}
