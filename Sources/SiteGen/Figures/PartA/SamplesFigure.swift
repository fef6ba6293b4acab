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
                         columnTitles: (1...samples.shape[0]).map { "sample \($0)" }, scale: backend.cellScale).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let what = prompt.isEmpty ? "\(backend.describe(prompt)), i.e. the unconditional model," : backend.describe(prompt)
        return "\(count) samples from pure noise (i_start = 0, t = \(backend.strided[0]) … 0 over the \(backend.describeStrided)) "
            + "conditioned on \(what) without guidance (seed \(backend.seed))." + backend.captionNote
    }
}

/// Part A 1.6: classifier-free guidance ε = ε_u + γ(ε_c − ε_u) with γ = 7, each sample guided to its own prompt,
/// above the same samples without guidance (γ = 1, the plain conditional model). Both rows start from the same
/// noise and draw the same step noise, so guidance is the only difference; all passes share one batch per step.
/// With a judge every prompt also runs from `backend.measuredSeeds` noises and the caption gives how often the
/// judge reads each row as its prompt; the grid shows the first noise.
struct CFGFigure: FigureRecipe {
    let id = "a.cfg"
    let version = 3
    var backend: any PartABackend
    static let stream = "a.cfg/noise"

    var prompts: [String] { backend.sets.cfgPrompts }
    var judged: Bool { backend.judges }
    var seeds: Int { backend.seedsPerEntry }

    var parameters: [String: String] {
        var own = ["prompts": prompts.joined(separator: " | "),
                   "unguided": "same prompts, gamma 1 (plain conditional)", "unconditional": "\"\"",
                   "i_start": "0", "noise_stream": Self.stream, "seeds_per_prompt": "\(seeds)"]
        if judged { own["judged"] = "each sample as its prompt, guided and unguided" }
        return backend.parameters(own)
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "", judged: true) }
    var alt: String { "Samples with classifier-free guidance above the same samples without" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        // Seed-major: the first prompts.count samples are the first noise's, the ones the grid shows.
        let all = JudgedRate.seedMajor(prompts, seeds: seeds)
        let n = all.count
        let conditions = try all.map(backend.condition)
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
        let guidedAll = Batch.slice(x, 0, n), plainAll = Batch.slice(x, n, n)
        var arrays: [(name: String, tensor: Tensor)] = [("guided", Batch.first(guidedAll, prompts.count)),
                                                        ("unguided", Batch.first(plainAll, prompts.count))]
        if let judge = try backend.judge(context, figure: id) {
            arrays += JudgedRate.arrays("guided", [JudgedRate(try judge.hits(ImageOps.clamp(guidedAll), expected: all))])
                + JudgedRate.arrays("unguided", [JudgedRate(try judge.hits(ImageOps.clamp(plainAll), expected: all))])
        }
        return FigureData(arrays: arrays)
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let guided = try data.require("guided", figure: id), unguided = try data.require("unguided", figure: id)
        let n = guided.shape[0]
        return ImageGrid(rows: [(0..<n).map { ImageCell(batch: guided, index: $0) },
                                (0..<n).map { ImageCell(batch: unguided, index: $0) }],
                         rowTitles: ["CFG γ = \(PartAFormat.gamma(backend.gamma))", "no guidance"],
                         columnTitles: prompts.count == Set(prompts).count ? prompts.map(backend.describe) : (1...n).map { "sample \($0)" },
                         scale: backend.cellScale).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let distinct = prompts.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return "Classifier-free guidance ε = ε_u + γ (ε_c − ε_u) with γ = \(PartAFormat.gamma(backend.gamma)) (top) toward "
            + "\(distinct.map(backend.describe).joined(separator: ", ")) (ε_u from \(backend.describe(""))), and the same "
            + "prompts without guidance (bottom, γ = 1), from the same noise: i_start = 0 over the \(backend.describeStrided) "
            + "(seed \(backend.seed)). " + measured(data) + backend.captionNote
    }

    /// "Over 20 noises per class, sitegen's MNIST classifier reads 100 of 100 (100 %) guided samples …".
    func measured(_ data: FigureData) -> String {
        guard let guided = JudgedRate.read("guided", from: data)?.first,
              let plain = JudgedRate.read("unguided", from: data)?.first else { return "" }
        return "Over \(seeds) noises per prompt, sitegen's MNIST classifier reads \(guided.description) of the guided samples "
            + "as the class they were guided to, and \(plain.description) of the unguided ones."
    }
}
