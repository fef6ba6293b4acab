import Compute

/// The figures of Part B for one profile: each names the trained model it reads, so a change of settings
/// recomputes exactly the figures drawn from that model.
enum PartBRecipes {
    static func all(models: ModelSet) -> [any FigureRecipe] {
        [
            ArchitectureFigure(id: "b.unet-architecture", config: models.final(.denoiser).config),
            ArchitectureFigure(id: "b.time-unet-architecture", config: models.final(.time).config),
            FCBlockFigure(id: "b.fcblock", config: models.final(.time).config),
            ArchitectureFigure(id: "b.class-unet-architecture", config: models.final(.classConditioned).config),
            FCBlockFigure(id: "b.class-fcblock", config: models.final(.classConditioned).config),
            LossCurveFigure(id: "b.denoiser-loss", model: models.final(.denoiser)),
            DenoiserResultsFigure(id: "b.denoiser-early", model: models.early(.denoiser)),
            DenoiserResultsFigure(id: "b.denoiser-final", model: models.final(.denoiser)),
            OutOfDistributionFigure(model: models.final(.denoiser)),
            LossCurveFigure(id: "b.time-loss", model: models.final(.time)),
            SampleGridFigure(id: "b.time-samples-early", model: models.early(.time)),
            SampleGridFigure(id: "b.time-samples-final", model: models.final(.time)),
            LossCurveFigure(id: "b.class-loss", model: models.final(.classConditioned)),
            SampleGridFigure(id: "b.class-samples-early", model: models.early(.classConditioned)),
            SampleGridFigure(id: "b.class-samples-final", model: models.final(.classConditioned)),
            TrajectoryFigure(models: [models.early(.classConditioned), models.final(.classConditioned)]),
            GuidanceSweepFigure(model: models.final(.classConditioned)),
            SamplingAnimationFigure(model: models.final(.classConditioned)),
            EvaluationFigure(models: models),
        ]
    }
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
