import Compute
import Plotting

/// Part A 1.10 (bells and whistles): the iterative denoising of 1.4 as an animation. The same run as
/// `a.iterative` (same noisy test image, same noise stream, same steps) recorded at every strided step instead of
/// every 5th, so its frames at t = 207, 162, … are exactly that figure's images. Each frame shows the original
/// beside the current x_t; the PNG is the still strip of every frame.
struct IterativeAnimationFigure: FigureRecipe {
    let id = "a.iterative-animation"
    let version = 1
    var run: IterativeRun
    var timing = AnimationTiming(frameDelay: 20, holdDelay: 200)
    /// Frames per row of the still strip.
    var stripColumns = 8

    init(backend: any PartABackend, contentDirectory: String) {
        run = IterativeRun(backend: backend, contentDirectory: contentDirectory, every: 1)
    }

    var parameters: [String: String] { run.parameters }
    var inputs: [FigureInput] { run.inputs }
    var alt: String { "An animation of the noisy test image being denoised step by step, beside the original" }

    func compute(_ context: FigureContext) throws -> FigureData { try run.computeShared(context, figure: id) }

    /// Every x_t from i_start on, then the result: the frames, with the timestep each shows (nil for the result).
    /// Recording every step also records the result (at the last strided timestep); it is shown once, as the result.
    func frames(_ data: FigureData) throws -> [(cell: ImageCell, t: Int?)] {
        let steps = try data.require("intermediate", figure: id)
        let ts = try data.require("intermediate_timesteps", figure: id).data
        let compared = try data.require("compared", figure: id)
        let noisy = (0..<steps.shape[0]).filter { Int(ts[$0]) != run.backend.strided.last }
        return noisy.map { (ImageCell(batch: steps, index: $0), Int(ts[$0])) } + [(ImageCell(batch: compared, index: 1), nil)]
    }

    func animate(_ data: FigureData) throws -> Animation? {
        let compared = try data.require("compared", figure: id)
        let original = ImageCell(batch: compared, index: 0)
        let scale = max(1, min(8, 256 / max(run.backend.size, 1)))
        return timing.animation(try frames(data).map { frame in
            ImageGrid(rows: [[frame.cell, original]], columnTitles: [frame.t.map { "x_t at t = \($0)" } ?? "result", "original"],
                      scale: scale, padding: 6).render(density: FigureStyle.density)
        })
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let all = try frames(data)
        let rows = stride(from: 0, to: all.count, by: stripColumns).map { Array(all[$0..<min($0 + stripColumns, all.count)]) }
        return ImageGrid(rows: rows.map { $0.map(\.cell) }, captions: rows.map { $0.map { $0.t.map { "t = \($0)" } ?? "result" } },
                         scale: max(1, run.backend.cellScale / 2), padding: 4, fontSize: 11).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let count = (try? frames(data).count) ?? 0
        return "The iterative denoising of section A.1.4 as an animation: the test image (\(data.metadata["image"] ?? "?")) "
            + "noised to \(run.backend.describeStart(run.iStart)), then x_t after every strided step down to the result, "
            + "beside the original (\(timing.describe(frames: count))). The same run as the first figure of A.1.4: same noise "
            + "(seed \(run.backend.seed), stream \"\(IterativeRun.stream)\"), same steps, recorded at every step instead of "
            + "every \(IterativeRun(backend: run.backend, contentDirectory: run.contentDirectory).every)th." + run.backend.captionNote
    }
}
