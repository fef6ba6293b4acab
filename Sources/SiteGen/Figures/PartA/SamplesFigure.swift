import Compute
import Plotting

/// Part A 1.5: samples from pure noise (i_start = 0) conditioned on the sets' sample prompt, no guidance.
struct SamplesFigure: FigureRecipe {
    let id = "a.samples"
    let version = 2
    var backend: any PartABackend
    static let stream = "a.samples/noise"

    var prompt: String { backend.sets.samplePrompt }
    var count: Int { backend.sets.sampleCount }

    var parameters: [String: String] {
        backend.parameters(["count": "\(count)", "i_start": "0", "prompt": prompt, "conditioning": "no CFG",
                            "noise_stream": Self.stream])
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "") }
    var alt: String { "\(count) samples from pure noise without guidance" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let result = try model.sample(count: count, timesteps: backend.strided, guidance: try backend.plain([prompt]),
                                      options: backend.sampling, noise: backend.noise(Self.stream).draw)
        return FigureData(arrays: [("samples", backend.toDisplay(result.x))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let samples = try data.require("samples", figure: id)
        return ImageGrid(rows: [(0..<samples.shape[0]).map { ImageCell(batch: samples, index: $0) }],
                         columnTitles: (1...samples.shape[0]).map { "sample \($0)" }, scale: backend.cellScale).render()
    }

    func caption(_ data: FigureData) -> String {
        let what = prompt.isEmpty ? "\(backend.describe(prompt)), i.e. the unconditional model," : backend.describe(prompt)
        return "\(count) samples from pure noise (i_start = 0, t = \(backend.strided[0]) … 0 over the \(backend.describeStrided)) "
            + "conditioned on \(what) without guidance (seed \(backend.seed), stream \"\(Self.stream)\")." + backend.captionNote
    }
}

/// Part A 1.6: classifier-free guidance ε = ε_u + γ(ε_c − ε_u) with γ = 7, each sample guided to its own prompt,
/// above the same samples without guidance (γ = 1, the plain conditional model). Both rows start from the same
/// noise and draw the same step noise, so guidance is the only difference; all passes share one batch per step.
struct CFGFigure: FigureRecipe {
    let id = "a.cfg"
    let version = 2
    var backend: any PartABackend
    static let stream = "a.cfg/noise"

    var prompts: [String] { backend.sets.cfgPrompts }

    var parameters: [String: String] {
        backend.parameters(["prompts": prompts.joined(separator: " | "),
                            "unguided": "same prompts, gamma 1 (plain conditional)", "unconditional": "\"\"",
                            "i_start": "0", "noise_stream": Self.stream])
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "") }
    var alt: String { "Samples with classifier-free guidance above the same samples without" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        let n = prompts.count
        let conditions = try prompts.map(backend.condition)
        let guided = Guidance.cfg(conditions, scale: backend.gamma)
        let plain = Guidance(condition: conditions, unconditional: nil, scale: 1)
        let noise = backend.noise(Self.stream)
        // The same draw for both halves of the batch.
        let shared: NoiseSource = { shape in Batch.repeated(noise.draw([n] + shape.dropFirst()), times: 2) }
        let result = try StridedDenoising.run(
            shared(try model.imageBatchShape(2 * n)), timesteps: backend.strided, iStart: 0, schedule: model.schedule,
            stepNoise: backend.stepNoise, noise: shared,
            epsilon: { x, t in
                let outs = try model.epsilons(for: [GuidedInput(x: Batch.slice(x, 0, n), guidance: guided),
                                                    GuidedInput(x: Batch.slice(x, n, n), guidance: plain)],
                                              timesteps: Array(repeating: t, count: n))
                let variances = outs.compactMap(\.variance)
                return DenoiserOutput(epsilon: Batch.concat(outs.map(\.epsilon)),
                                      variance: variances.count == 2 ? Batch.concat(variances) : nil)
            })
        let x = backend.toDisplay(result.x)
        return FigureData(arrays: [("guided", Batch.slice(x, 0, n)), ("unguided", Batch.slice(x, n, n))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let guided = try data.require("guided", figure: id), unguided = try data.require("unguided", figure: id)
        let n = guided.shape[0]
        return ImageGrid(rows: [(0..<n).map { ImageCell(batch: guided, index: $0) },
                                (0..<n).map { ImageCell(batch: unguided, index: $0) }],
                         rowTitles: ["CFG γ = \(PartAFormat.gamma(backend.gamma))", "no guidance"],
                         columnTitles: prompts.count == Set(prompts).count ? prompts.map(backend.describe) : (1...n).map { "sample \($0)" },
                         scale: backend.cellScale).render()
    }

    func caption(_ data: FigureData) -> String {
        let distinct = prompts.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return "Classifier-free guidance ε = ε_u + γ (ε_c − ε_u) with γ = \(PartAFormat.gamma(backend.gamma)) (top) toward "
            + "\(distinct.map(backend.describe).joined(separator: ", ")) (ε_u from \(backend.describe(""))), and the same "
            + "prompts without guidance (bottom, γ = 1), from the same noise: i_start = 0 over the \(backend.describeStrided) "
            + "(seed \(backend.seed), stream \"\(Self.stream)\")." + backend.captionNote
    }
}
