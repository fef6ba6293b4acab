import Compute
import Foundation
import Plotting

/// The training loss of a model at every step of its run (log scale), with a moving average.
struct LossCurveFigure: FigureRecipe {
    let id: String
    let config: TrainingConfig
    let version = 1
    var window = 50

    var inputs: [FigureInput] { [.mnistTrain, config.figureInput] }
    var alt: String { "training loss of the \(config.kind.rawValue) model per step, log scale" }
    var parameters: [String: String] { ["model": config.kind.rawValue, "config": config.hash, "window": "\(window)"] }

    func compute(_ context: FigureContext) throws -> FigureData {
        let losses = try context.models().losses(config.kind)
        return FigureData(arrays: [("loss", Tensor(shape: [losses.count], data: losses))])
    }

    func draw(_ data: FigureData) throws -> PixelImage {
        let loss = try data.require("loss", figure: id).data.map(Double.init)
        let average = Self.movingAverage(loss, window: window)
        return LinePlot(title: "Training loss", xLabel: "step", yLabel: "MSE loss", logY: true, series: [
            .init(name: "batch loss", ys: loss, color: Color(hex: 0xA9C4E4)),
            .init(name: "mean of the last \(window) steps", ys: average, color: Color(hex: 0x1F4E96)),
        ]).render()
    }

    func caption(_ data: FigureData) -> String {
        let loss = (try? data.require("loss", figure: id).data) ?? []
        let tail = loss.suffix(window)
        let final = tail.isEmpty ? 0 : tail.reduce(0, +) / Float(tail.count)
        return "Training loss at each of \(loss.count) steps (\(ModelStore.describe(config))). "
            + String(format: "Mean of the last %d steps: %.4f.", tail.count, final)
    }

    static func movingAverage(_ values: [Double], window: Int) -> [Double] {
        var out: [Double] = []
        var sum = 0.0
        for (i, v) in values.enumerated() {
            sum += v
            if i >= window { sum -= values[i - window] }
            out.append(sum / Double(min(i + 1, window)))
        }
        return out
    }
}
