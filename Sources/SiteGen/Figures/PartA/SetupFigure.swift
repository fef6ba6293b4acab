import Compute
import Plotting

/// Part A 0 (setup): the model's "prompts" sampled with a few and with many inference steps, the seed's first look
/// at its model. The digit model's prompts are class labels, guided with CFG γ = 7. Each step count walks the
/// strided loop of the other figures from the same start (t = 297, the seed's 990) to 0 with evenly spaced
/// timesteps, and every row starts from the same noise, so the number of steps is the only difference.
struct SetupFigure: FigureRecipe {
    let id = "a.setup"
    let version = 2
    var backend: any PartABackend
    /// The seed's `num_inference_steps`, one row each.
    var stepCounts = [20, 80]
    var stream: String { "\(id)/noise" }

    /// `steps` + 1 timesteps from `start` down to 0, t_k = round(start · k / steps) for k = steps, …, 0: the constant
    /// stride when it divides `start` (33 steps from 297 is the other figures' list, 297, 288, …, 0). No steps: [start].
    static func timesteps(start: Int, steps: Int) -> [Int] {
        guard steps >= 1 else { return [start] }
        return (0...steps).reversed().map { k in (2 * start * k + steps) / (2 * steps) }
    }

    func timesteps(steps: Int) -> [Int] { Self.timesteps(start: backend.strided[0], steps: steps) }

    var parameters: [String: String] {
        var own = ["prompts": prompts.joined(separator: " | "), "unconditional": "\"\"",
                   "step_counts": PartAFormat.list(stepCounts), "noise_stream": stream, "i_start": "0"]
        for steps in stepCounts { own["timesteps_\(steps)"] = PartAFormat.list(timesteps(steps: steps)) }
        return backend.parameters(own)
    }
    var inputs: [FigureInput] { backend.inputs([], contentDirectory: "") }
    var prompts: [String] { backend.sets.setupPrompts }
    var alt: String { "Guided samples of three digit classes with a few and with many sampling steps" }

    func compute(_ context: FigureContext) throws -> FigureData {
        let model = try backend.denoiser(context, figure: id)
        guard stepCounts.allSatisfy({ $0 >= 1 && $0 <= backend.strided[0] }) else {
            throw FigureError(figure: id, "step counts \(PartAFormat.list(stepCounts)) must lie in 1...\(backend.strided[0])")
        }
        let guidance = try backend.guided(prompts)
        let rows = try stepCounts.map { steps in
            // A fresh stream per row: every row starts from the same x_T.
            let noise = backend.noise(stream)
            return backend.toDisplay(try model.sample(count: prompts.count, timesteps: timesteps(steps: steps), guidance: guidance,
                                                      options: backend.sampling, noise: noise.draw).x)
        }
        return FigureData(arrays: [("samples", Batch.concat(rows)), ("step_counts", Batch.vector(stepCounts))])
    }

    static func rowTitles(_ stepCounts: [Int]) -> [String] { stepCounts.map { "\($0) steps" } }
    func columnTitles() -> [String] { prompts.map(backend.describe) }

    func draw(_ data: FigureData) throws -> PixelImage {
        let samples = try data.require("samples", figure: id)
        let counts = try data.require("step_counts", figure: id).data.map { Int($0) }
        let n = prompts.count
        guard n > 0, samples.shape[0] == counts.count * n else {
            throw FigureError(figure: id, "its data holds \(samples.shape[0]) samples, not \(counts.count) × \(n)")
        }
        return ImageGrid(rows: counts.indices.map { r in (0..<n).map { ImageCell(batch: samples, index: r * n + $0) } },
                         rowTitles: Self.rowTitles(counts), columnTitles: columnTitles(), scale: backend.cellScale).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let rows = stepCounts.map { steps -> String in
            let ts = timesteps(steps: steps)
            return "\(steps) steps (t = \(ts.prefix(2).map(String.init).joined(separator: ", ")), …, 0)"
        }
        return "Samples of \(prompts.map(backend.describe).joined(separator: ", ")) (the model's prompts, one per column) with "
            + "classifier-free guidance γ = \(PartAFormat.gamma(backend.gamma)) against \(backend.describe("")), each row with its "
            + "number of sampling steps: \(rows.joined(separator: " and ")), evenly spaced from the strided loop's start "
            + "(the seed's t = 990) to 0. Every row starts from the same noise (seed \(backend.seed))."
            + backend.captionNote
    }
}
