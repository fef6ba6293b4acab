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

/// Part A 1.10 (RePaint-style inpainting): from pure noise, every strided step is followed by
/// x_t' ← m ⊙ x_t' + (1 − m) ⊙ forward(x_orig, t'), so only the masked region is generated. Three test digits,
/// each guided with CFG toward its own class; the first mask is the seed's Campanile mask scaled to 28 px.
struct InpaintFigure: FigureRecipe {
    let id = "a.inpaint"
    let version = 1
    var setup: PartASetup
    var testIndices = [0, 1, 3]
    /// The seed's mask `mask[:, :, 2:20, 24:42] = 1` at 64 px.
    static let seedMask = MaskRect(rows: 2..<20, cols: 24..<42)
    /// Our own masks for the other two digits, at the model's size.
    var ownMasks = [MaskRect(rows: 15..<24, cols: 5..<23), MaskRect(rows: 6..<16, cols: 14..<24)]
    var stream: String { "\(id)/noise" }

    var masks: [MaskRect] {
        [MaskRect(rows: setup.mapping.range(Self.seedMask.rows), cols: setup.mapping.range(Self.seedMask.cols))] + ownMasks
    }

    var parameters: [String: String] {
        setup.parameters([
            "test_indices": PartAFormat.list(testIndices), "masks": masks.map(\.text).joined(separator: "; "),
            "seed_mask": Self.seedMask.text + " of 64", "gamma": PartAFormat.gamma(setup.gamma),
            "conditioning": "class of each digit, CFG; unconditional = null class",
            "strided_timesteps": PartAFormat.list(setup.strided), "i_start": "0",
            "step_noise": "posterior variance", "noise_stream": stream,
        ])
    }
    var inputs: [FigureInput] { setup.inputs(mnist: true) }
    var alt: String { "Digits, masks, the holes to fill and the inpainted results" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try setup.denoiser(context, figure: id)
        let mnist = try context.mnist()
        let clean = Batch.channels(mnist.images(.test, indices: testIndices), model.channels)
        let labels = mnist.labels(.test, indices: testIndices)
        let mask = Batch.concat(try masks.map { try $0.tensor(size: setup.size) })
        let noise = SeededNoise(seed: setup.seed, name: stream)
        let result = try model.inpaint(clean, mask: mask, timesteps: setup.strided,
                                       guidance: .cfg(labels.map { .label($0) }, scale: setup.gamma), noise: noise.draw)
        return FigureData(arrays: [("clean", clean), ("masks", mask), ("inpainted", result.x), ("labels", Batch.vector(labels))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let clean = try data.require("clean", figure: id), mask = try data.require("masks", figure: id)
        let inpainted = try data.require("inpainted", figure: id)
        let labels = try data.require("labels", figure: id).data
        let hole = Self.hole(clean, mask: Batch.channels(mask, clean.shape[1]))
        let rows: [[ImageCell?]] = (0..<clean.shape[0]).map { i in
            [ImageCell(batch: clean, index: i), ImageCell(batch: mask, index: i), ImageCell(batch: hole, index: i),
             ImageCell(batch: inpainted, index: i)]
        }
        return ImageGrid(rows: rows, rowTitles: labels.map { "class \(Int($0))" },
                         columnTitles: ["digit", "mask", "hole to fill", "inpainted"], scale: 4).render()
    }

    /// The digit with the masked region shown mid-grey.
    static func hole(_ x: Tensor, mask: Tensor) -> Tensor {
        Tensor(shape: x.shape, data: zip(x.data, mask.data).map { $1 > 0.5 ? 0.5 : $0 })
    }

    func caption(_ data: FigureData) -> String {
        let labels = data["labels"]?.data.map { String(Int($0)) } ?? []
        let seedMask = masks[0]
        return "Inpainting of test digits \(PartAFormat.list(testIndices)) (classes \(labels.joined(separator: ", "))): "
            + "from pure noise over the \(setup.describeStrided), each step followed by x_t ← m ⊙ x_t + (1 − m) ⊙ "
            + "forward(x_orig, t), with CFG γ = \(PartAFormat.gamma(setup.gamma)) toward the digit's own class. "
            + "Masks: \(seedMask.text) (the seed's \(Self.seedMask.text) of 64 scaled by \(setup.mapping.targetSize)/\(setup.mapping.sourceSize)); "
            + "\(ownMasks.map(\.text).joined(separator: "; ")) (seed \(setup.seed), stream \"\(stream)\")."
    }
}
