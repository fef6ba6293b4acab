import Compute
import Plotting

/// Part A 1.2: the classical baseline. Each noisy image of `a.forward` beside the Gaussian blur that scores best
/// (PSNR against the clean image) over a grid of kernel sizes and sigmas; the chosen values are shown.
/// Choosing with the clean image is an oracle no real denoiser has, so this is the baseline's best case.
struct BlurFigure: FigureRecipe {
    let id = "a.blur"
    let version = 3
    var image: NoisyTestImage
    var kernelSizes = BlurSearchGrid.standard.kernelSizes
    var sigmas = BlurSearchGrid.standard.sigmas
    var backend: any PartABackend { image.backend }

    init(backend: any PartABackend, contentDirectory: String) {
        image = NoisyTestImage(backend: backend, contentDirectory: contentDirectory)
    }

    var parameters: [String: String] {
        backend.parameters(image.parameters.merging([
            "blur_kernel_sizes": PartAFormat.list(kernelSizes),
            "blur_sigmas": sigmas.map { "\($0)" }.joined(separator: ","),
            "blur_tolerance_db": "\(BlurSearchGrid.standard.tolerance)",
        ]) { $1 })
    }
    var inputs: [FigureInput] { image.inputs }
    var alt: String { "Noisy test images at three timesteps above their best Gaussian blur" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let (clean, modelNoisy, name) = try image.make(context, figure: id)
        let noisy = backend.toDisplay(modelNoisy)
        var blurred: [Tensor] = []
        var kernels: [Int] = [], chosenSigmas: [Double] = [], psnrs: [Double] = []
        for i in 0..<noisy.shape[0] {
            let best = try ImageOps.bestBlur(Batch.item(noisy, i), original: clean, kernelSizes: kernelSizes, sigmas: sigmas,
                                             tolerance: BlurSearchGrid.standard.tolerance)
            blurred.append(best.image)
            kernels.append(best.kernelSize)
            chosenSigmas.append(best.sigma)
            psnrs.append(best.psnr)
        }
        return FigureData(arrays: [
            ("clean", clean), ("noisy", noisy), ("blurred", Batch.concat(blurred)),
            ("kernel_sizes", Batch.vector(kernels)), ("sigmas", Batch.vector(chosenSigmas)),
            ("psnr_noisy", Batch.vector(try Batch.psnr(noisy, clean))), ("psnr_blurred", Batch.vector(psnrs)),
            ("timesteps", Batch.vector(backend.noiseLevels)),
        ], metadata: ["image": name])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let noisy = try data.require("noisy", figure: id), blurred = try data.require("blurred", figure: id)
        let k = try data.require("kernel_sizes", figure: id).data, s = try data.require("sigmas", figure: id).data
        let pn = try data.require("psnr_noisy", figure: id).data, pb = try data.require("psnr_blurred", figure: id).data
        let n = noisy.shape[0]
        return ImageGrid(
            rows: [(0..<n).map { ImageCell(batch: noisy, index: $0) }, (0..<n).map { ImageCell(batch: blurred, index: $0) }],
            rowTitles: ["noisy", "best blur"],
            columnTitles: backend.noiseLevels.map { "t = \($0)" },
            captions: [(0..<n).map { PartAFormat.psnr(pn[$0]) },
                       (0..<n).map { "k \(Int(k[$0])), σ \(PartAFormat.sigma(Double(s[$0]))): \(PartAFormat.psnr(pb[$0]))" }],
            scale: backend.cellScale, fontSize: 12).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        var chosen = ""
        if let k = data["kernel_sizes"]?.data, let s = data["sigmas"]?.data {
            chosen = " Chosen: " + zip(backend.noiseLevels, zip(k, s)).map { t, ks in
                "t = \(t): k = \(Int(ks.0)), σ = \(PartAFormat.sigma(Double(ks.1)))"
            }.joined(separator: "; ") + "."
            let edge = zip(k, s).contains { Int($0.0) == kernelSizes.last || Double($0.1) == sigmas.last }
            chosen += edge ? " At least one choice lies on the edge of the grid, so a larger blur might score higher."
                : " Every choice lies inside the grid, so the search covers the optimum."
        }
        return "Gaussian-blur denoising of the noisy images of the forward-process figure (\(backend.describeLevels)). "
            + "For each level the blur with the highest PSNR against the clean image was picked from kernel sizes "
            + "{\(PartAFormat.list(kernelSizes))} × σ ∈ {\(sigmas.map { PartAFormat.sigma($0) }.joined(separator: ", "))} "
            + "(the smallest kernel, then σ, within \(BlurSearchGrid.standard.tolerance) dB of the best); "
            + "PSNR in dB against the clean image under each image.\(chosen) Noise: seed \(backend.seed)."
            + backend.captionNote
    }
}

/// The kernel sizes × sigmas the Gaussian-blur baseline searches (1.2, and the comparison of 1.4). Wide enough that
/// the best blur of the test image at the seed's three noise levels lies inside it (a test measures this): at
/// 28 px a blur much wider than σ = 3 erases the digit, and a kernel shorter than ~3σ truncates the Gaussian.
struct BlurSearchGrid: Sendable {
    var kernelSizes: [Int]
    var sigmas: [Double]
    /// PSNR within this many dB of the best counts as a tie, won by the smaller kernel (see `ImageOps.bestBlur`).
    var tolerance: Double
    static let standard = BlurSearchGrid(kernelSizes: [3, 5, 7, 9, 11, 13, 15, 17, 19, 21],
                                         sigmas: [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6], tolerance: 0.01)
}
