import Compute
import Plotting

/// Part A 1.5: samples from pure noise (i_start = 0) with the unconditional (null-class) model, no guidance.
struct SamplesFigure: FigureRecipe {
    let id = "a.samples"
    let version = 1
    var setup: PartASetup
    var count = 5
    static let stream = "a.samples/noise"

    var parameters: [String: String] {
        setup.parameters(["count": "\(count)", "i_start": "0", "strided_timesteps": PartAFormat.list(setup.strided),
                          "conditioning": "null class, no CFG", "step_noise": "posterior variance",
                          "noise_stream": Self.stream])
    }
    var inputs: [FigureInput] { setup.inputs(mnist: false) }
    var alt: String { "Five unconditional samples of the digit model" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try setup.denoiser(context, figure: id)
        let noise = SeededNoise(seed: setup.seed, name: Self.stream)
        let result = try model.sample(count: count, timesteps: setup.strided, guidance: .plain(.null), noise: noise.draw)
        return FigureData(arrays: [("samples", result.x)])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let samples = try data.require("samples", figure: id)
        return ImageGrid(rows: [(0..<samples.shape[0]).map { ImageCell(batch: samples, index: $0) }],
                         columnTitles: (1...samples.shape[0]).map { "sample \($0)" }, scale: 4).render()
    }

    func caption(_ data: FigureData) -> String {
        "\(count) samples from pure noise (i_start = 0, t = \(setup.strided[0]) … 0 over the \(setup.describeStrided)) "
            + "with the null class, i.e. the unconditional model, without guidance "
            + "(seed \(setup.seed), stream \"\(Self.stream)\")."
    }
}

/// Part A 1.6: classifier-free guidance ε = ε_u + γ(ε_c − ε_u) with γ = 7, each sample guided to its own class,
/// above the same samples without guidance (γ = 1, the plain conditional model). Both rows start from the same
/// noise and draw the same step noise, so guidance is the only difference; all passes share one batch per step.
struct CFGFigure: FigureRecipe {
    let id = "a.cfg"
    let version = 1
    var setup: PartASetup
    var classes = [0, 1, 2, 3, 4]
    static let stream = "a.cfg/noise"

    var parameters: [String: String] {
        setup.parameters(["classes": PartAFormat.list(classes), "gamma": PartAFormat.gamma(setup.gamma),
                          "unguided": "same classes, gamma 1 (plain conditional)", "unconditional": "null class",
                          "i_start": "0", "strided_timesteps": PartAFormat.list(setup.strided),
                          "step_noise": "posterior variance", "noise_stream": Self.stream])
    }
    var inputs: [FigureInput] { setup.inputs(mnist: false) }
    var alt: String { "Digit samples with classifier-free guidance above the same samples without" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try setup.denoiser(context, figure: id)
        let n = classes.count
        let labels = classes.map { Conditioning.label($0) }
        let guided = Guidance.cfg(labels, scale: setup.gamma)
        let plain = Guidance(condition: labels, unconditional: nil, scale: 1)
        let noise = SeededNoise(seed: setup.seed, name: Self.stream)
        // The same draw for both halves of the batch.
        let shared: NoiseSource = { shape in Batch.repeated(noise.draw([n] + shape.dropFirst()), times: 2) }
        let result = try StridedDenoising.run(
            shared(try model.imageBatchShape(2 * n)), timesteps: setup.strided, iStart: 0, schedule: model.schedule,
            stepNoise: .posteriorVariance, noise: shared,
            epsilon: { x, t in
                let outs = try model.epsilons(for: [GuidedInput(x: Batch.slice(x, 0, n), guidance: guided),
                                                    GuidedInput(x: Batch.slice(x, n, n), guidance: plain)],
                                              timesteps: Array(repeating: t, count: n))
                return DenoiserOutput(epsilon: Batch.concat(outs.map(\.epsilon)))
            })
        return FigureData(arrays: [("guided", Batch.slice(result.x, 0, n)), ("unguided", Batch.slice(result.x, n, n)),
                                   ("classes", Batch.vector(classes))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let guided = try data.require("guided", figure: id), unguided = try data.require("unguided", figure: id)
        let n = guided.shape[0]
        return ImageGrid(rows: [(0..<n).map { ImageCell(batch: guided, index: $0) },
                                (0..<n).map { ImageCell(batch: unguided, index: $0) }],
                         rowTitles: ["CFG γ = \(PartAFormat.gamma(setup.gamma))", "no guidance"],
                         columnTitles: classes.map { "class \($0)" }, scale: 4).render()
    }

    func caption(_ data: FigureData) -> String {
        "Classifier-free guidance ε = ε_u + γ (ε_c − ε_u) with γ = \(PartAFormat.gamma(setup.gamma)) (top) toward "
            + "classes \(PartAFormat.list(classes)) (one per column; ε_u from the null class), and the same classes "
            + "without guidance (bottom, γ = 1), from the same noise: i_start = 0 over the \(setup.describeStrided) "
            + "(seed \(setup.seed), stream \"\(Self.stream)\")."
    }
}
