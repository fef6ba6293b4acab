import Compute
import Foundation
import Plotting

/// The training loss of a model at every step of its run (log scale), with a smoothed line (`smoothed`) and
/// marks at the epochs the course reports.
struct LossCurveFigure: FigureRecipe {
    let id: String
    /// The model after its last epoch: its loss history covers the whole run.
    let model: ModelRef
    var config: TrainingConfig { model.config }
    let version = 3
    /// Steps on each side of the local fit.
    var halfWidth = 25
    /// The marks' and caption's means use the evaluation's window, so the page and the model card agree.
    var window: Int { ModelEvaluation.lossWindow }

    var inputs: [FigureInput] { [.mnistTrain, model.figureInput] }
    var alt: String { "Training loss of the \(Self.modelName(config.kind)) at every step, log scale" }
    var parameters: [String: String] { ["model": config.kind.rawValue, "config": config.hash, "window": "\(window)", "halfWidth": "\(halfWidth)",
                                          "smoothing": "local linear fit of log loss"] }

    func compute(_ context: FigureContext) throws -> FigureData {
        let losses = try context.models().losses(model)
        return FigureData(arrays: [("loss", Tensor(shape: [losses.count], data: losses))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let loss = try data.require("loss", figure: id).data.map(Double.init)
        let average = Self.smoothed(loss, halfWidth: halfWidth)
        var plot = LinePlot(title: "Training loss: \(Self.modelName(config.kind)) (D = \(config.D))", xLabel: "step",
                            yLabel: config.kind == .classifier ? "cross-entropy loss" : "MSE loss", logY: true, series: [
            .init(name: "batch loss", ys: loss, color: Color(hex: 0xA9C4E4)),
            .init(name: "local fit over \(2 * halfWidth + 1) steps", ys: average, color: Color(hex: 0x1F4E96)),
        ])
        plot.marks = epochMarks(loss)
        return plot.render(density: FigureStyle.density)
    }

    func caption(_ data: FigureData) -> String {
        let loss = (try? data.require("loss", figure: id).data) ?? []
        let marks = ModelEvaluation(losses: loss, stepsPerEpoch: stepsPerEpoch, epochs: ModelEvaluation.reportedEpochs(config)).epochLosses
        return "Training loss of the \(Self.modelName(config.kind)) at each of \(loss.count) steps (\(ModelStore.describe(config))). "
            + "Vertical lines mark the ends of epochs " + marks.map { String($0.epoch) }.joined(separator: ", ")
            + "; the mean loss of each one's last \(window) steps: "
            + marks.map { String(format: "%.4f", $0.loss) }.joined(separator: ", ") + "."
    }

    var stepsPerEpoch: Int { config.stepsPerEpoch(available: 60_000) }

    /// A line at the last step of each reported epoch, labelled with the mean loss of its last `window` steps.
    func epochMarks(_ loss: [Double]) -> [LinePlot.Mark] {
        let losses = loss.map(Float.init)
        return ModelEvaluation(losses: losses, stepsPerEpoch: stepsPerEpoch, epochs: ModelEvaluation.reportedEpochs(config))
            .epochLosses.map { LinePlot.Mark(x: Double($0.epoch * stepsPerEpoch - 1), label: String(format: "epoch %d: %.4f", $0.epoch, $0.loss)) }
    }

    /// The model's name in plain words, for titles and captions.
    static func modelName(_ kind: ModelKind) -> String {
        switch kind {
        case .denoiser: "single-step denoiser"
        case .time: "time-conditioned DDPM"
        case .classConditioned: "class-conditioned DDPM"
        case .classifier: "evaluation classifier"
        }
    }

    /// A local linear fit of log(loss) over the `2 · halfWidth + 1` steps nearest each step, evaluated there.
    ///
    /// In log space a loss that decays exponentially is a straight line, which a local line reproduces exactly,
    /// so the curve does not sit above the data where it falls fastest (as a plain mean of a convex curve does).
    /// Step i < 2 · halfWidth uses the i/2 steps on either side (at least one): the first steps change too fast for
    /// a wide window. At the end the window keeps its full width and slides inward instead of shrinking to one
    /// step, so the last values are smoothed like the rest rather than showing one step's noise.
    static func smoothed(_ values: [Double], halfWidth: Int) -> [Double] {
        let n = values.count
        guard n > 2, halfWidth > 0 else { return values }
        let logs = values.map { log(max($0, .leastNormalMagnitude)) }
        // Prefix sums of x, y, x², xy (x = step index) make every window's fit O(1).
        var sx = [0.0], sy = [0.0], sxx = [0.0], sxy = [0.0]
        for (i, y) in logs.enumerated() {
            let x = Double(i)
            sx.append(sx[i] + x); sy.append(sy[i] + y); sxx.append(sxx[i] + x * x); sxy.append(sxy[i] + x * y)
        }
        return (0..<n).map { i in
            // Early steps, where the loss falls fastest, get a window no wider than their distance from step 0.
            let r = min(halfWidth, max(1, i / 2))
            let width = min(2 * r + 1, n)
            let lo = min(max(0, i - r), n - width), hi = lo + width
            let m = Double(width)
            let mx = (sx[hi] - sx[lo]) / m, my = (sy[hi] - sy[lo]) / m
            let vxx = (sxx[hi] - sxx[lo]) / m - mx * mx, vxy = (sxy[hi] - sxy[lo]) / m - mx * my
            let slope = vxx > 0 ? vxy / vxx : 0
            return exp(my + slope * (Double(i) - mx))
        }
    }
}
