import Compute
import Foundation
import Plotting

/// The training loss of a model at every step of its run (log scale), with a centred moving mean: a trailing
/// mean lags the curve and kinks where the first, large losses leave its window.
struct LossCurveFigure: FigureRecipe {
    let id: String
    /// The model after its last epoch: its loss history covers the whole run.
    let model: ModelRef
    var config: TrainingConfig { model.config }
    let version = 2
    /// Steps on each side of the centred mean; the caption's final loss is the mean of the last 50 steps.
    var halfWidth = 25
    var window = 50

    var inputs: [FigureInput] { [.mnistTrain, model.figureInput] }
    var alt: String { "training loss of the \(config.kind.rawValue) model per step, log scale" }
    var parameters: [String: String] { ["model": config.kind.rawValue, "config": config.hash, "window": "\(window)", "halfWidth": "\(halfWidth)"] }

    func compute(_ context: FigureContext) throws -> FigureData {
        let losses = try context.models().losses(model)
        return FigureData(arrays: [("loss", Tensor(shape: [losses.count], data: losses))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let loss = try data.require("loss", figure: id).data.map(Double.init)
        let average = Self.centredMean(loss, halfWidth: halfWidth)
        return LinePlot(title: "Training loss", xLabel: "step", yLabel: "MSE loss", logY: true, series: [
            .init(name: "batch loss", ys: loss, color: Color(hex: 0xA9C4E4)),
            .init(name: "mean of \(2 * halfWidth + 1) steps around each", ys: average, color: Color(hex: 0x1F4E96)),
        ]).render()
    }

    func caption(_ data: FigureData) -> String {
        let loss = (try? data.require("loss", figure: id).data) ?? []
        let tail = loss.suffix(window)
        let final = tail.isEmpty ? 0 : tail.reduce(0, +) / Float(tail.count)
        return "Training loss at each of \(loss.count) steps (\(ModelStore.describe(config))). "
            + String(format: "Mean of the last %d steps: %.4f.", tail.count, final)
    }

    /// Mean of `values[i - r ... i + r]` with r = min(halfWidth, i, n - 1 - i): the window narrows at both ends
    /// instead of reaching outside the run, so a straight line is reproduced exactly.
    static func centredMean(_ values: [Double], halfWidth: Int) -> [Double] {
        var prefix = [0.0]
        prefix.reserveCapacity(values.count + 1)
        for v in values { prefix.append(prefix[prefix.count - 1] + v) }
        return values.indices.map { i in
            let r = min(halfWidth, i, values.count - 1 - i)
            return (prefix[i + r + 1] - prefix[i - r]) / Double(2 * r + 1)
        }
    }
}
