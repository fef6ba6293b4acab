import Compute
import Plotting

/// The seed's Campanile: the backend's test image, noised at the three noise levels by the forward process
/// x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε. The forward, blur and one-step figures all use these same noisy images.
struct NoisyTestImage {
    var backend: any PartABackend
    var contentDirectory: String
    /// One ε per noise level, drawn in level order.
    static let stream = "a.forward/eps"

    var picture: PictureRef { backend.sets.testImage }

    var parameters: [String: String] {
        ["test_image": picture.text, "timesteps": PartAFormat.list(backend.noiseLevels),
         "seed_timesteps": PartAFormat.list(SeedMapping.seedNoiseLevels), "noise_stream": Self.stream]
    }
    var inputs: [FigureInput] { backend.inputs([picture], contentDirectory: contentDirectory) }

    /// √ᾱ_t and √(1−ᾱ_t) at each level: how much of the image and of the noise each noisy version holds.
    func weights(_ context: FigureContext, figure: String) throws -> (signal: [Double], noise: [Double]) {
        let schedule = try backend.denoiser(context, figure: figure).schedule
        let a = backend.noiseLevels.map { schedule.alphaBarDouble[$0] }
        return (a.map { $0.squareRoot() }, a.map { (1 - $0).squareRoot() })
    }

    /// (clean [1,C,H,W] in [0, 1], noisy [levels,C,H,W] in the model's range, the image's name).
    func make(_ context: FigureContext, figure: String) throws -> (clean: Tensor, noisy: Tensor, name: String) {
        let loaded = try backend.load([picture], context: context, figure: figure, contentDirectory: contentDirectory)
        let clean = loaded.images
        let levels = backend.noiseLevels
        let schedule = try backend.denoiser(context, figure: figure).schedule
        let eps = backend.noise(Self.stream).draw([levels.count, backend.channels, backend.size, backend.size])
        let noisy = try schedule.addNoise(Batch.repeated(backend.toModel(clean), times: levels.count),
                                          timesteps: levels, epsilon: eps)
        return (clean, noisy, loaded.names[0])
    }
}

/// Part A 1.1: the test image and its three forward-noised versions.
struct ForwardFigure: FigureRecipe {
    let id = "a.forward"
    let version = 3
    var image: NoisyTestImage
    var backend: any PartABackend { image.backend }

    init(backend: any PartABackend, contentDirectory: String) {
        image = NoisyTestImage(backend: backend, contentDirectory: contentDirectory)
    }

    var parameters: [String: String] { backend.parameters(image.parameters) }
    var inputs: [FigureInput] { image.inputs }
    var alt: String { "The test image, clean and with forward-process noise at three timesteps" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let (clean, noisy, name) = try image.make(context, figure: id)
        let weights = try image.weights(context, figure: id)
        return FigureData(arrays: [("clean", clean), ("noisy", backend.toDisplay(noisy)),
                                   ("timesteps", Batch.vector(backend.noiseLevels)),
                                   ("signal_weight", Batch.vector(weights.signal)), ("noise_weight", Batch.vector(weights.noise))],
                          metadata: ["image": name])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let clean = try data.require("clean", figure: id)
        let noisy = try data.require("noisy", figure: id)
        let levels = backend.noiseLevels
        let row = [ImageCell(batch: clean, index: 0)] + levels.indices.map { ImageCell(batch: noisy, index: $0) }
        return ImageGrid(rows: [row], columnTitles: ["original"] + levels.map { "t = \($0)" }, scale: backend.cellScale).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "Forward process on the test image (\(data.metadata["image"] ?? "?")): x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε at "
            + "\(backend.describeLevels), one ε per level (seed \(backend.seed)). " + weights(data) + backend.captionNote
    }

    /// "The image's weight √ᾱ_t is 0.80, 0.55, 0.35 against the noise's √(1−ᾱ_t) 0.60, 0.83, 0.94."
    func weights(_ data: FigureData) -> String {
        guard let signal = data["signal_weight"], let noise = data["noise_weight"] else { return "" }
        let f = { (t: Tensor) in t.data.map { String(format: "%.2f", Double($0)) }.joined(separator: ", ") }
        return "The image's weight √ᾱ_t is \(f(signal)) against the noise's √(1−ᾱ_t) \(f(noise))."
    }
}
