import Compute
import Plotting

/// Part A 1.9: hybrid images (factorized diffusion). ε = lowpass(ε(x, c₁)) + highpass(ε(x, c₂)) with a Gaussian
/// low-pass and highpass = identity − lowpass, CFG on each term, from pure noise: c₁ shows from afar (small),
/// c₂ up close (large). The seed's kernel 33, σ 2 at 64 px is scaled to the model by `SeedMapping`.
struct HybridFigure: FigureRecipe {
    let id = "a.hybrids"
    let version = 1
    var setup: PartASetup
    /// (low-pass, high-pass) classes.
    var pairs = [(1, 7), (0, 8), (4, 9)].map { ClassPair(first: $0.0, second: $0.1) }
    static let seedBlur = BlurParameters(kernelSize: 33, sigma: 2)
    /// Reduced sizes shown beside the full image, as fractions of it.
    var reducedSizes = [14, 7]
    var stream: String { "\(id)/noise" }

    var blur: BlurParameters { setup.mapping.blur(Self.seedBlur) }

    var parameters: [String: String] {
        setup.parameters([
            "pairs": pairs.map(\.text).joined(separator: ", "), "gamma": PartAFormat.gamma(setup.gamma),
            "lowpass_kernel": "\(blur.kernelSize)", "lowpass_sigma": "\(blur.sigma)",
            "seed_lowpass": "kernel \(Self.seedBlur.kernelSize), sigma \(Self.seedBlur.sigma)",
            "reduced_sizes": PartAFormat.list(reducedSizes),
            "strided_timesteps": PartAFormat.list(setup.strided), "i_start": "0",
            "step_noise": "posterior variance", "noise_stream": stream,
        ])
    }
    var inputs: [FigureInput] { setup.inputs(mnist: false) }
    var alt: String { "Hybrid images that read as one digit up close and another from afar" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try setup.denoiser(context, figure: id)
        let noise = SeededNoise(seed: setup.seed, name: stream)
        let result = try model.hybridImage(
            count: pairs.count, timesteps: setup.strided,
            lowpass: .cfg(pairs.map { .label($0.first) }, scale: setup.gamma),
            highpass: .cfg(pairs.map { .label($0.second) }, scale: setup.gamma), blur: blur, noise: noise.draw)
        var arrays: [(name: String, tensor: Tensor)] = [("hybrids", result.x)]
        for size in reducedSizes {
            arrays.append(("reduced_\(size)", try ImageOps.resize(ImageOps.clamp(result.x), height: size, width: size)))
        }
        arrays.append(("pairs", ClassPair.tensor(pairs)))
        return FigureData(arrays: arrays)
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let full = try data.require("hybrids", figure: id)
        let reduced = try reducedSizes.map { try data.require("reduced_\($0)", figure: id) }
        let rows: [[ImageCell?]] = pairs.indices.map { i in
            [ImageCell(batch: full, index: i)] + reduced.map { ImageCell(batch: $0, index: i) }
        }
        return ImageGrid(rows: rows, rowTitles: pairs.map { "low \($0.first), high \($0.second)" },
                         columnTitles: ["\(setup.size) px"] + reducedSizes.map { "\($0) px" }, scale: 4, fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        "Hybrid images from pure noise: ε = lowpass(ε(x, c₁)) + highpass(ε(x, c₂)), CFG γ = \(PartAFormat.gamma(setup.gamma)) "
            + "on each term, Gaussian low-pass with kernel \(blur.kernelSize) and σ = \(PartAFormat.sigma(blur.sigma)) "
            + "(the seed's kernel \(Self.seedBlur.kernelSize), σ = \(PartAFormat.sigma(Self.seedBlur.sigma)) at \(setup.mapping.sourceSize) px "
            + "scaled by \(setup.mapping.targetSize)/\(setup.mapping.sourceSize)), high-pass = identity − low-pass; "
            + "(c₁, c₂) = \(pairs.map(\.text).joined(separator: ", ")). Each is shown at full size and reduced "
            + "(\(PartAFormat.list(reducedSizes)) px, area-averaged): c₁ should dominate small, c₂ large. "
            + "i_start = 0 over the \(setup.describeStrided) (seed \(setup.seed), stream \"\(stream)\")."
    }
}
