import Testing
import Compute
@testable import SiteGen

/// `sitegen eval --model class` judges the class-conditioned DDPM alone: in the full profile the other two
/// models are hours of training each, and the class accuracy should not wait for them.
@Suite struct EvaluationFigureTests {
    func modelNames(_ figure: EvaluationFigure) -> [String] {
        figure.inputs.compactMap { if case .model(let name, _) = $0 { name } else { nil } }
    }

    @Test func theSiteFigureEvaluatesAllThreeModelsWithTheClassifier() {
        let figure = EvaluationFigure(profile: .full)
        #expect(modelNames(figure) == ["denoiser", "time", "classConditioned", "classifier"])
        #expect(figure.parameters["models"] == nil)   // the published figure's cache key is unchanged
    }

    @Test func evaluatingTheClassModelNeedsOnlyItAndTheClassifier() {
        var figure = EvaluationFigure(profile: .full)
        figure.models = [.classConditioned]
        #expect(modelNames(figure) == ["classConditioned", "classifier"])
        #expect(figure.parameters["models"] == "classConditioned")
        #expect(figure.id == EvaluationFigure(profile: .full).id)
        #expect(figure.parameters != EvaluationFigure(profile: .full).parameters)   // so its own cache entry
    }

    @Test func theDenoiserAloneNeedsNoClassifier() {
        var figure = EvaluationFigure(profile: .quick)
        figure.models = [.denoiser]
        #expect(modelNames(figure) == ["denoiser"])
    }

    @Test func rowsLeaveOutTheNumbersOfModelsNotEvaluated() {
        let figure = EvaluationFigure(profile: .quick)
        let metrics: [Float] = [0.99, 0.9, .nan, .nan, .nan, 0.031]
        let rows = figure.rows(FigureData(arrays: [("metrics", Tensor(shape: [6], data: metrics))]))
        #expect(rows.map(\.0) == ["classifier test accuracy", "class accuracy of samples (final epoch)",
                                  "final loss: class-conditioned"])
        #expect(rows.map(\.1) == ["99.00 %", "90.0 % of 30", "0.03100"])
    }
}
