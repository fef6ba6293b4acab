import Compute
import Plotting

/// Part A 1.2: the classical baseline. Each noisy image of `a.forward` beside the Gaussian blur that scores best
/// (PSNR against the clean image) over a grid of kernel sizes and sigmas; the chosen values are shown.
/// Choosing with the clean image is an oracle no real denoiser has, so this is the baseline's best case.
struct BlurFigure: FigureRecipe {
    let id = "a.blur"
    let version = 2
    var image: NoisyTestImage
    var kernelSizes = [3, 5, 7, 9, 11]
    var sigmas: [Double] = [0.5, 0.75, 1, 1.5, 2, 3, 4]
    var backend: any PartABackend { image.backend }

    init(backend: any PartABackend, contentDirectory: String) {
        image = NoisyTestImage(backend: backend, contentDirectory: contentDirectory)
    }

    var parameters: [String: String] {
        backend.parameters(image.parameters.merging([
            "blur_kernel_sizes": PartAFormat.list(kernelSizes),
            "blur_sigmas": sigmas.map { "\($0)" }.joined(separator: ","),
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
            let best = try ImageOps.bestBlur(Batch.item(noisy, i), original: clean, kernelSizes: kernelSizes, sigmas: sigmas)
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
            scale: backend.cellScale, fontSize: 12).render()
    }

    func caption(_ data: FigureData) -> String {
        var chosen = ""
        if let k = data["kernel_sizes"]?.data, let s = data["sigmas"]?.data {
            chosen = " Chosen: " + zip(backend.noiseLevels, zip(k, s)).map { t, ks in
                "t = \(t): k = \(Int(ks.0)), σ = \(PartAFormat.sigma(Double(ks.1)))"
            }.joined(separator: "; ") + "."
        }
        return "Gaussian-blur denoising of the noisy images of the forward-process figure (\(backend.describeLevels)). "
            + "For each level the blur with the highest PSNR against the clean image was picked from kernel sizes "
            + "{\(PartAFormat.list(kernelSizes))} × σ ∈ {\(sigmas.map { PartAFormat.sigma($0) }.joined(separator: ", "))}; "
            + "PSNR in dB against the clean image under each image.\(chosen) Noise: seed \(backend.seed), "
            + "stream \"\(NoisyTestImage.stream)\"." + backend.captionNote
    }
}
