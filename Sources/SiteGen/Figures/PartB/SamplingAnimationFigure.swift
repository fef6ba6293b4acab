import Compute
import Foundation
import Plotting

/// Part B's bells and whistles, the course's "sampling GIF": one class-conditioned DDPM run for the digits 0-9
/// with classifier-free guidance, from pure noise at t = T to the sample at t = 0, every `every`-th x_t a frame of
/// a looping GIF. The PNG beside it is the still strip of the same frames (one row per frame).
struct SamplingAnimationFigure: FigureRecipe {
    let id = "b.class-animation"
    let model: ModelRef
    var config: TrainingConfig { model.config }
    let version = 1
    var digits = Array(0...9)
    var gamma: Float = 5
    var seed: UInt64 = SiteSeed.value
    /// Keep x_t every `every` steps: 10 gives 30 noisy frames at T = 300, then the sample.
    var every = 10
    var timing = AnimationTiming()
    static let stream = "b.class-animation/noise"

    /// 0-based timesteps whose x_t is a frame: T−1 (pure noise), T−1−every, …; the sample follows them.
    var recordAt: [Int] { Array(stride(from: config.T - 1, through: 0, by: -every)) }

    var inputs: [FigureInput] { [model.figureInput] }
    var alt: String { "An animation of the digits 0 to 9 emerging from noise as the class-conditioned DDPM samples them" }
    var parameters: [String: String] {
        ["epoch": "\(model.epoch)", "config": config.hash, "T": "\(config.T)", "digits": digits.map(String.init).joined(separator: ","),
         "gamma": "\(gamma)", "seed": "\(seed)", "noise_stream": Self.stream, "record_every": "\(every)"]
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        try run(try context.models().denoiser(model))
    }

    /// The sampling run itself, on any denoiser (tests use a closed-form one).
    func run(_ denoiser: any Denoiser) throws -> FigureData {
        var stream = RandomStream(seed: seed, streamNamed: Self.stream)
        let result = try denoiser.sampleDDPM(count: digits.count, guidance: .cfg(digits.map { .label($0) }, scale: gamma),
                                             recordAt: recordAt, noise: { stream.normalTensor(shape: $0) })
        let shots = result.snapshots.map(\.x) + [result.x]
        // Shown as the course counts: t = T is pure noise, t = 0 the sample.
        let shown = result.snapshots.map { $0.timestep + 1 } + [0]
        return FigureData(arrays: [("frames", Batch.concat(shots)), ("frame_timesteps", Batch.vector(shown)),
                                   ("samples", result.x)])
    }

    func frameCount(_ data: FigureData) throws -> Int {
        try data.require("frame_timesteps", figure: id).count
    }

    /// Frame k: the ten digits at its timestep, titled with it.
    func frameGrid(_ data: FigureData, _ k: Int) throws -> ImageGrid {
        let frames = try data.require("frames", figure: id)
        let t = Int(try data.require("frame_timesteps", figure: id).data[k])
        let n = digits.count
        return ImageGrid(rows: [(0..<n).map { ImageCell(grey: frames, index: k * n + $0) }],
                         columnTitles: digits.map { "\($0)" }, title: t == 0 ? "the samples (t = 0)" : "t = \(t)",
                         scale: 2, padding: 4)
    }

    func frame(_ data: FigureData, _ k: Int) throws -> PixelImage { try frameGrid(data, k).render(density: FigureStyle.density) }

    func animate(_ data: FigureData) throws -> Animation? {
        timing.animation(try (0..<frameCount(data)).map { try frame(data, $0) })
    }

    /// The still: one row per frame, the last row the samples.
    func stripGrid(_ data: FigureData) throws -> ImageGrid {
        let frames = try data.require("frames", figure: id)
        let ts = try data.require("frame_timesteps", figure: id).data
        return ImageGrid(rows: gridRows(frames, columns: digits.count), rowTitles: ts.map { "t = \(Int($0))" },
                         columnTitles: digits.map { "\($0)" }, scale: 1, padding: 2, fontSize: 10)
    }

    func draw(_ data: FigureData) throws -> PixelImage { try stripGrid(data).render(density: FigureStyle.density) }

    func caption(_ data: FigureData) -> String {
        let frames = (try? frameCount(data)) ?? 0
        return "The digits 0 to 9 sampled by the class-conditioned DDPM after epoch \(model.epoch) of \(config.epochs) "
            + "(classifier-free guidance γ = \(GuidanceSweepFigure.format(gamma)), seed \(seed)): the animation shows x_t "
            + "every \(every) of the T = \(config.T) steps, from pure noise at t = \(config.T) to the samples at t = 0 "
            + "(\(timing.describe(frames: frames))). Values clipped to [0, 1] for display."
    }
}
