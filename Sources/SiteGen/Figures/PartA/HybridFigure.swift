import Compute
import Plotting

/// Part A 1.9: hybrid images (factorized diffusion). ε = lowpass(ε(x, p₁)) + highpass(ε(x, p₂)) with a Gaussian
/// low-pass and highpass = identity − lowpass, CFG on each term, from pure noise: p₁ shows from afar (small),
/// p₂ up close (large). The seed's kernel 33, σ 2 at 64 px is scaled to the model by `SeedMapping`.
struct HybridFigure: FigureRecipe {
    let id = "a.hybrids"
    let version = 2
    var backend: any PartABackend
    static let seedBlur = BlurParameters(kernelSize: 33, sigma: 2)
    var stream: String { "\(id)/noise" }

    var pairs: [PromptPair] { backend.sets.hybrids }
    var blur: BlurParameters { backend.mapping.blur(Self.seedBlur) }
    /// The reduced views, a half and a quarter of the model's size (14 and 7 px for the digit model).
    var reducedSizes: [Int] { [max(2, backend.size / 2), max(2, backend.size / 4)] }

    var parameters: [String: String] {
        backend.parameters([
            "pairs": pairs.map { "\($0.first) / \($0.second)" }.joined(separator: " | "),
            "lowpass_kernel": "\(blur.kernelSize)", "lowpass_sigma": "\(blur.sigma)",
            "seed_lowpass": "kernel \(Self.seedBlur.kernelSize), sigma \(Self.seedBlur.sigma)",
            "reduced_sizes": PartAFormat.list(reducedSizes), "i_start": "0", "noise_stream": stream,
        ])
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "") }
    var alt: String { "Hybrid images that read as one prompt up close and another from afar" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let result = try model.hybridImage(
            count: pairs.count, timesteps: backend.strided, lowpass: try backend.guided(pairs.map(\.first)),
            highpass: try backend.guided(pairs.map(\.second)), blur: blur, options: backend.sampling,
            noise: backend.noise(stream).draw)
        let x = backend.toDisplay(result.x)
        var arrays: [(name: String, tensor: Tensor)] = [("hybrids", x)]
        for size in reducedSizes {
            arrays.append(("reduced_\(size)", try ImageOps.resize(ImageOps.clamp(x), height: size, width: size)))
        }
        return FigureData(arrays: arrays)
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let full = try data.require("hybrids", figure: id)
        let reduced = try reducedSizes.map { try data.require("reduced_\($0)", figure: id) }
        let rows: [[ImageCell?]] = pairs.indices.map { i in
            [ImageCell(batch: full, index: i)] + reduced.map { ImageCell(batch: $0, index: i) }
        }
        return ImageGrid(rows: rows, rowTitles: pairs.map { "low \(backend.describe($0.first)), high \(backend.describe($0.second))" },
                         columnTitles: ["\(backend.size) px"] + reducedSizes.map { "\($0) px" }, scale: backend.cellScale,
                         fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        let list = pairs.map { "\(backend.describe($0.first)) / \(backend.describe($0.second))" }.joined(separator: ", ")
        let mapping = backend.mapping
        let scaled = mapping.targetSize == mapping.sourceSize ? ""
            : " (the seed's kernel \(Self.seedBlur.kernelSize), σ = \(PartAFormat.sigma(Self.seedBlur.sigma)) at \(mapping.sourceSize) px "
                + "scaled by \(mapping.targetSize)/\(mapping.sourceSize))"
        return "Hybrid images from pure noise: ε = lowpass(ε(x, p₁)) + highpass(ε(x, p₂)), CFG γ = \(PartAFormat.gamma(backend.gamma)) "
            + "on each term, Gaussian low-pass with kernel \(blur.kernelSize) and σ = \(PartAFormat.sigma(blur.sigma))\(scaled), "
            + "high-pass = identity − low-pass; (p₁, p₂) = \(list). Each is shown at full size and reduced "
            + "(\(PartAFormat.list(reducedSizes)) px, area-averaged): p₁ should dominate small, p₂ large. "
            + "i_start = 0 over the \(backend.describeStrided) (seed \(backend.seed), stream \"\(stream)\")." + backend.captionNote
    }
}
