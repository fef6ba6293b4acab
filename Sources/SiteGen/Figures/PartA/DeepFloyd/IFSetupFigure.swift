import Compute
import Foundation
import Plotting

/// Part 0 on DeepFloyd IF (`a.setup`): the course's three provided prompts, each sampled by the pipeline with 20
/// and with 80 steps at stage I's size and, given a stage II snapshot, upsampled by it. Rows are stored at their
/// own size (64 px, 256 px); the drawing enlarges the small rows so the grid's cells line up.
struct IFSetupFigure: FigureRecipe {
    let id = "a.setup"
    let version = 1
    var setup: DeepFloydBackend
    let alt = "Three prompts sampled by DeepFloyd IF with 20 and with 80 denoising steps"

    /// The 2024 notebook's provided prompts (project spec, Part 0).
    var prompts: [String] { setup.sets.setupPrompts }
    static let steps = [20, 80]
    static let guidance: Float = 7
    static let stage2Guidance: Float = 4
    static let noiseLevel = 250

    var options: DeepFloydOptions { setup.options }

    var parameters: [String: String] {
        var own: [String: String] = [
            "prompts": prompts.joined(separator: " | "), "steps": PartAFormat.list(Self.steps),
            "sampler": "IFPipeline: leading timesteps, CFG against \"\", dynamic thresholding",
            "gamma": PartAFormat.gamma(Self.guidance), "noise_stream": "a.setup/<steps> steps/<prompt> (IFTextToImage.streamName)",
            "scheduler_config": Self.schedulerConfigHash(options.modelDir),
        ]
        own["stage2"] = options.stage2Dir.map { dir in
            "snapshot \(DeepFloydOptions.snapshotIdentity(of: dir)), schedulers \(Self.schedulerConfigHash(dir)), "
                + "\(options.stage2Steps) steps, guidance \(PartAFormat.gamma(Self.stage2Guidance)), noise level \(Self.noiseLevel)"
        } ?? "none"
        return setup.parameters(own)
    }

    var inputs: [FigureInput] {
        [setup.model.input] + (options.stage2Dir.map {
            [.model(name: "deepfloyd-if-stage2", hash: DeepFloydOptions.snapshotIdentity(of: $0))]
        } ?? [])
    }

    /// The scheduler configs a snapshot may carry (they set thresholding and the noising schedule).
    static func schedulerConfigHash(_ dir: String) -> String {
        let root = IFSnapshot.rootDirectory(in: dir)
        let text = ["scheduler", "image_noising_scheduler"].map { name -> String in
            let path = (root as NSString).appendingPathComponent("\(name)/scheduler_config.json")
            return name + ":" + (FileManager.default.contents(atPath: path).map { Hashing.sha256Hex($0) } ?? "absent")
        }.joined(separator: "\n")
        return String(Hashing.sha256Hex(text).prefix(16))
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        do {
            return try grid(context).data
        } catch let error as FigureError {
            throw error
        } catch {
            throw FigureError(figure: id, "\(error)")
        }
    }

    private func grid(_ context: FigureContext) throws -> IFGrid {
        let run = try IFTextToImage(options: options)
        _ = try run.prompts.embeddings(prompts + [""])  // the ones to encode in one pass over T5's weights
        var low: [[Tensor]] = Self.steps.map { _ in [] }, high: [[Tensor]] = Self.steps.map { _ in [] }
        for (s, steps) in Self.steps.enumerated() {
            for prompt in prompts {
                let r = try run.run(prompt: prompt, steps: steps, stage2Steps: options.stage2Steps, seed: setup.seed, log: context.log)
                low[s].append(setup.toDisplay(r.low))
                if let h = r.high { high[s].append(setup.toDisplay(h)) }
            }
        }
        let size = run.stageI.imageSize
        var rows = Self.steps.indices.map { s in ("\(Self.steps[s]) steps, \(size) px", Batch.concat(low[s])) }
        if let stageII = run.stageII {
            rows += Self.steps.indices.map { s in
                ("\(Self.steps[s]) steps, stage II \(options.stage2Steps) steps, \(stageII.outputSize) px", Batch.concat(high[s]))
            }
        }
        return IFGrid(rows: rows, columns: prompts)
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let grid = try IFGrid(data, figure: id)
        let largest = grid.rows.map { $0.images.shape[3] }.max() ?? 64
        let rows: [[ImageCell?]] = grid.rows.map { row in
            let factor = max(1, largest / max(row.images.shape[3], 1))
            let shown = Self.enlarged(row.images, by: factor)
            return (0..<shown.shape[0]).map { ImageCell(batch: shown, index: $0) }
        }
        return ImageGrid(rows: rows, rowTitles: grid.rows.map(\.title), columnTitles: grid.columns,
                         scale: max(1, min(4, 256 / max(largest, 1))), fontSize: 12).render(density: FigureStyle.density)
    }

    /// Nearest-neighbour enlargement by an integer factor (display only).
    static func enlarged(_ x: Tensor, by factor: Int) -> Tensor {
        guard factor > 1 else { return x }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (H, W) = (h * factor, w * factor)
        var out = [Float](repeating: 0, count: n * c * H * W)
        for p in 0..<(n * c) {
            for y in 0..<H { for xx in 0..<W { out[(p * H + y) * W + xx] = x.data[(p * h + y / factor) * w + xx / factor] } }
        }
        return Tensor(shape: [n, c, H, W], data: out)
    }

    func caption(_ data: FigureData) -> String {
        let grid = try? IFGrid(data, figure: id)
        let low = grid?.rows.first?.images.shape[3] ?? 64
        var text = "Part 0: the three provided prompts sampled by DeepFloyd IF stage I as diffusers' IFPipeline with "
            + "20 and with 80 denoising steps (leading timesteps, CFG guidance \(PartAFormat.gamma(Self.guidance)) against \"\", "
            + "dynamic thresholding), \(low)×\(low) px"
        if let grid, grid.rows.count > Self.steps.count, let high = grid.rows.last?.images.shape[3] {
            text += "; below, each upsampled by stage II with \(options.stage2Steps) steps (guidance "
                + "\(PartAFormat.gamma(Self.stage2Guidance)), noise level \(Self.noiseLevel)) to \(high)×\(high) px"
        }
        return text + ". Seed \(setup.seed), one random stream per prompt and step count "
            + "(\"a.setup/<steps> steps/<prompt>\"); stage I snapshot \(String(setup.options.snapshotIdentity().prefix(12)))."
    }
}

/// A figure's images as titled rows ([N,3,H,W] in [0, 1]) under column titles; the titles travel in the figure
/// data's metadata, so a cached figure draws without recomputing.
struct IFGrid {
    var rows: [(title: String, images: Tensor)]
    var columns: [String]
    static let separator = "\u{1F}"

    init(rows: [(title: String, images: Tensor)], columns: [String]) {
        self.rows = rows
        self.columns = columns
    }

    init(_ data: FigureData, figure: String) throws {
        let titles = (data.metadata["grid.rows"] ?? "").components(separatedBy: Self.separator)
        columns = (data.metadata["grid.columns"] ?? "").components(separatedBy: Self.separator).filter { !$0.isEmpty }
        rows = try titles.indices.map { (titles[$0], try data.require("row\($0)", figure: figure)) }
    }

    var data: FigureData {
        FigureData(arrays: rows.enumerated().map { ("row\($0.offset)", $0.element.images) },
                   metadata: ["grid.rows": rows.map(\.title).joined(separator: Self.separator),
                              "grid.columns": columns.joined(separator: Self.separator)])
    }
}
