import Compute
import Plotting

/// The seed's Campanile: one MNIST test digit, noised at the three noise levels by the forward process
/// x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε. Figures 1-3 (forward, blur, one-step) all use these same noisy images.
struct NoisyTestDigit {
    var setup: PartASetup
    var testIndex = 0
    /// One ε per noise level, drawn in level order.
    static let stream = "a.forward/eps"

    var parameters: [String: String] {
        ["test_index": "\(testIndex)", "timesteps": PartAFormat.list(setup.noiseLevels),
         "seed_timesteps": PartAFormat.list(SeedMapping.seedNoiseLevels), "noise_stream": Self.stream]
    }

    /// (clean [1,1,H,W], noisy [levels,1,H,W], label).
    func make(_ context: FigureContext, figure: String) throws -> (clean: Tensor, noisy: Tensor, label: Int) {
        let mnist = try context.mnist()
        let clean = mnist.images(.test, indices: [testIndex])
        let label = mnist.labels(.test, indices: [testIndex])[0]
        let levels = setup.noiseLevels
        let schedule = try setup.denoiser(context, figure: figure).schedule
        let eps = SeededNoise(seed: setup.seed, name: Self.stream).draw([levels.count, 1, setup.size, setup.size])
        let noisy = try schedule.addNoise(Batch.repeated(clean, times: levels.count), timesteps: levels, epsilon: eps)
        return (clean, noisy, label)
    }

    /// "t = 75, 150, 225 (the seed's 250, 500, 750 mapped to T = 300)".
    var describeLevels: String {
        "t = \(PartAFormat.list(setup.noiseLevels)) (the seed's \(PartAFormat.list(SeedMapping.seedNoiseLevels)) "
            + "mapped to T = \(setup.mapping.targetT))"
    }
}

/// Part A 1.1: the test digit and its three forward-noised versions.
struct ForwardFigure: FigureRecipe {
    let id = "a.forward"
    let version = 1
    var digit: NoisyTestDigit

    init(setup: PartASetup) { digit = NoisyTestDigit(setup: setup) }

    var parameters: [String: String] { digit.setup.parameters(digit.parameters) }
    var inputs: [FigureInput] { digit.setup.inputs(mnist: true) }
    var alt: String { "An MNIST test digit, clean and with forward-process noise at three timesteps" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let (clean, noisy, label) = try digit.make(context, figure: id)
        return FigureData(arrays: [
            ("clean", clean), ("noisy", noisy),
            ("timesteps", Batch.vector(digit.setup.noiseLevels)), ("label", Batch.vector([label])),
        ])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let clean = try data.require("clean", figure: id)
        let noisy = try data.require("noisy", figure: id)
        let levels = digit.setup.noiseLevels
        let row = [ImageCell(batch: clean, index: 0)] + levels.indices.map { ImageCell(batch: noisy, index: $0) }
        return ImageGrid(rows: [row], columnTitles: ["original"] + levels.map { "t = \($0)" }, scale: 4).render()
    }

    func caption(_ data: FigureData) -> String {
        let label = data["label"].map { " (a \(Int($0.data[0])))" } ?? ""
        return "Forward process on MNIST test digit \(digit.testIndex)\(label): x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε at "
            + "\(digit.describeLevels), one ε per level (seed \(digit.setup.seed), stream \"\(NoisyTestDigit.stream)\")."
    }
}
