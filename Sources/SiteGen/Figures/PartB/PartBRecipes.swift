import Compute

/// The figures of Part B for one profile: each names the trained model it reads, so a change of settings
/// recomputes exactly the figures drawn from that model.
enum PartBRecipes {
    static func all(profile: Profile) -> [any FigureRecipe] {
        let denoiser = profile.config(for: .denoiser)
        let time = profile.config(for: .time)
        let classes = profile.config(for: .classConditioned)
        let timeEpochs = profile.figureEpochs(for: .time)
        let classEpochs = profile.figureEpochs(for: .classConditioned)
        return [
            LossCurveFigure(id: "b.denoiser-loss", config: denoiser),
            DenoiserResultsFigure(id: "b.denoiser-early", config: denoiser, epoch: 1),
            DenoiserResultsFigure(id: "b.denoiser-final", config: denoiser, epoch: denoiser.epochs),
            OutOfDistributionFigure(config: denoiser),
            LossCurveFigure(id: "b.time-loss", config: time),
            SampleGridFigure(id: "b.time-samples-early", config: time, epoch: timeEpochs.early),
            SampleGridFigure(id: "b.time-samples-final", config: time, epoch: timeEpochs.final),
            LossCurveFigure(id: "b.class-loss", config: classes),
            SampleGridFigure(id: "b.class-samples-early", config: classes, epoch: classEpochs.early),
            SampleGridFigure(id: "b.class-samples-final", config: classes, epoch: classEpochs.final),
            TrajectoryFigure(config: classes, epochs: [classEpochs.early, classEpochs.final]),
            GuidanceSweepFigure(config: classes, epoch: classEpochs.final),
            EvaluationFigure(profile: profile),
        ]
    }
}

extension TrainingConfig {
    /// This model's identity as a figure input.
    var figureInput: FigureInput { .model(name: kind.rawValue, hash: hash) }
}

extension Tensor {
    /// Images `range` of an [N,C,H,W] tensor.
    func images(_ range: Range<Int>) -> Tensor {
        let per = count / shape[0]
        return Tensor(shape: [range.count] + shape.dropFirst(), data: Array(data[range.lowerBound * per..<range.upperBound * per]))
    }
}

/// Single-channel images of an [N,1,H,W] tensor as grid rows of `columns` cells.
func gridRows(_ images: Tensor, columns: Int) -> [[ImageCell?]] {
    let n = images.shape[0]
    return stride(from: 0, to: n, by: columns).map { start in
        (start..<min(start + columns, n)).map { ImageCell(grey: images, index: $0) }
    }
}

import Plotting
