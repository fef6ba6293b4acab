import Compute
import Foundation
import Plotting

/// 4 x 10 samples of a DDPM after `epoch`: unconditional for the time-conditioned model; for the
/// class-conditioned model column k is digit k, with classifier-free guidance γ.
struct SampleGridFigure: FigureRecipe {
    let id: String
    let model: ModelRef
    var config: TrainingConfig { model.config }
    var epoch: Int { model.epoch }
    let version = 1
    var rows = 4
    var gamma: Float = 5
    var seed: UInt64 = SiteSeed.value

    var isClass: Bool { config.kind == .classConditioned }
    var inputs: [FigureInput] { [model.figureInput] }
    var alt: String { "\(rows * 10) digits sampled from the \(LossCurveFigure.modelName(config.kind)) after epoch \(epoch)" }
    var parameters: [String: String] {
        var p = ["epoch": "\(epoch)", "rows": "\(rows)", "seed": "\(seed)", "config": config.hash, "T": "\(config.T)"]
        if isClass { p["gamma"] = "\(gamma)" }
        return p
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let denoiser = try context.models().denoiser(model)
        if isClass {
            let labels = DigitSampling.gridLabels(rows: rows)
            let result = try DigitSampling.sampleClass(denoiser, labels: labels, gamma: gamma, seed: seed)
            return FigureData(arrays: [("samples", result.x), ("labels", Tensor(shape: [labels.count], data: labels.map(Float.init)))])
        }
        let result = try DigitSampling.sampleTime(denoiser, count: rows * 10, seed: seed)
        return FigureData(arrays: [("samples", result.x)])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let samples = try data.require("samples", figure: id)
        return ImageGrid(rows: gridRows(samples, columns: 10), columnTitles: isClass ? (0...9).map { "\($0)" } : nil,
                         title: "After epoch \(epoch)", scale: 2, padding: 4).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let how = isClass
            ? "column k asks for digit k, classifier-free guidance γ = \(gamma)"
            : "unconditional"
        return "\(rows * 10) samples after epoch \(epoch) of \(config.epochs) (\(how); DDPM ancestral sampling over all "
            + "T = \(config.T) steps from pure noise, seed \(seed)). Values clipped to [0, 1] for display."
    }
}

/// One sampling trajectory per class-conditioned model: x_t at t = 300, 240, 180, 120, 60 and the result.
struct TrajectoryFigure: FigureRecipe {
    let id = "b.class-trajectory"
    /// The class-conditioned model after each epoch shown, one row each.
    let models: [ModelRef]
    var epochs: [Int] { models.map(\.epoch) }
    let version = 1
    var digit = 3
    var gamma: Float = 5
    var seed: UInt64 = SiteSeed.value + 1
    /// 0-based timesteps whose x_t is shown (299 is the pure-noise start, -1 the final sample).
    var recordAt = [299, 239, 179, 119, 59, -1]

    var inputs: [FigureInput] { models.map(\.figureInput) }
    var alt: String { "the denoising trajectory of one digit \(digit) for each class-conditioned model" }
    var parameters: [String: String] {
        ["epochs": epochs.map(String.init).joined(separator: ","), "digit": "\(digit)", "gamma": "\(gamma)", "seed": "\(seed)",
         "record_at": recordAt.map(String.init).joined(separator: ","), "config": models.first?.config.hash ?? ""]
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        var frames = Tensor(zeros: [epochs.count * recordAt.count, 1, 28, 28])
        for (row, model) in models.enumerated() {
            let denoiser = try context.models().denoiser(model)
            let result = try DigitSampling.sampleClass(denoiser, labels: [digit], gamma: gamma, seed: seed, recordAt: recordAt)
            let shots = result.snapshots.map(\.x) + [result.x]
            for (col, shot) in shots.prefix(recordAt.count).enumerated() {
                let at = (row * recordAt.count + col) * 784
                frames.data.replaceSubrange(at..<at + 784, with: shot.data)
            }
        }
        return FigureData(arrays: [("frames", frames)])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let frames = try data.require("frames", figure: id)
        return ImageGrid(rows: gridRows(frames, columns: recordAt.count), rowTitles: epochs.map { "epoch \($0)" },
                         columnTitles: recordAt.map { "t = \($0 + 1)" }, scale: 3).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "Sampling one digit \(digit) (γ = \(gamma), seed \(seed)) with the class-conditioned model after epochs "
            + "\(epochs.map(String.init).joined(separator: " and ")): x_t at t = \(recordAt.map { String($0 + 1) }.joined(separator: ", ")) "
            + "(t = T is pure noise, t = 0 the sample)."
    }
}

/// The same noise sampled at several guidance scales: rows γ, columns digits 0-9.
struct GuidanceSweepFigure: FigureRecipe {
    let id = "b.guidance-sweep"
    let model: ModelRef
    var config: TrainingConfig { model.config }
    var epoch: Int { model.epoch }
    let version = 1
    var gammas: [Float] = [0, 1, 3, 5, 10]
    /// A few digits keep the sweep's cost (300 steps x 2 passes per image) small.
    var digits = [0, 3, 5, 8]
    var seed: UInt64 = SiteSeed.value + 2

    var inputs: [FigureInput] { [model.figureInput] }
    var alt: String { "digits \(digits) sampled from the same noise at guidance scales \(gammas)" }
    var parameters: [String: String] {
        ["epoch": "\(epoch)", "gammas": gammas.map { "\($0)" }.joined(separator: ","), "seed": "\(seed)", "config": config.hash,
         "digits": digits.map(String.init).joined(separator: ",")]
    }

    func compute(_ context: FigureContext) throws -> FigureData {
        let denoiser = try context.models().denoiser(model)
        var rows: [Float] = []
        for gamma in gammas {
            rows += try DigitSampling.sampleClass(denoiser, labels: digits, gamma: gamma, seed: seed).x.data
        }
        return FigureData(arrays: [("samples", Tensor(shape: [gammas.count * digits.count, 1, 28, 28], data: rows)),
                                   ("gammas", Tensor(shape: [gammas.count], data: gammas))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let samples = try data.require("samples", figure: id)
        return ImageGrid(rows: gridRows(samples, columns: digits.count), rowTitles: gammas.map { "γ = \(Self.format($0))" },
                         columnTitles: digits.map { "digit \($0)" }, scale: 3, padding: 4).render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        "Guidance sweep after epoch \(epoch): every row starts from the same noise (seed \(seed)); "
            + "γ ∈ {\(gammas.map(Self.format).joined(separator: ", "))}. γ = 0 is the unconditional model, γ = 1 the plain conditional one."
    }

    static func format(_ g: Float) -> String { g == g.rounded() ? String(Int(g)) : "\(g)" }
}
