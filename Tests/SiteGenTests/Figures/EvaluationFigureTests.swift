import Testing
import Compute
@testable import SiteGen

/// `sitegen eval --model class` judges the class-conditioned DDPM alone: in the full profile the other two
/// models are hours of training each, and the class accuracy should not wait for them.
@Suite struct EvaluationFigureTests {
    func modelNames(_ figure: EvaluationFigure) -> [String] {
        figure.inputs.compactMap { if case .model(let name, _) = $0 { name } else { nil } }
    }

    @Test func theSiteFigureEvaluatesAllFourFinalModels() {
        let figure = EvaluationFigure(models: .trained(.full))
        #expect(modelNames(figure) == ["classConditioned@20", "time@20", "denoiser@5", "classifier@3"])
    }

    @Test func evaluatingTheClassModelNeedsOnlyItAndTheClassifier() {
        var figure = EvaluationFigure(models: .trained(.full))
        figure.kinds = [.classConditioned]
        #expect(modelNames(figure) == ["classConditioned@20", "classifier@3"])
        #expect(figure.parameters != EvaluationFigure(models: .trained(.full)).parameters)   // so its own cache entry
    }

    @Test func theDenoiserAloneNeedsNoClassifier() {
        var figure = EvaluationFigure(models: .trained(.quick))
        figure.kinds = [.denoiser]
        #expect(modelNames(figure) == ["denoiser@5"])
    }

    @Test func rowsShowTheRateWithItsIntervalAndPerDigit() {
        var figure = EvaluationFigure(models: .trained(.quick))
        figure.kinds = [.classConditioned]
        func t(_ v: [Float]) -> Tensor { Tensor(shape: [v.count], data: v) }
        let data = FigureData(arrays: [
            ("class.accuracy_rate", t([0.975])), ("class.accuracy_interval_rate", t([0.9636, 0.9834])),
            ("class.accuracy_per_digit_rate", t([1, 0.99, 0.97, 0.96, 0.98, 0.95, 0.99, 0.97, 0.98, 0.96])),
            ("class.samples_per_digit", t([100])), ("class.gamma", t([5])),
            ("class.epoch_loss", t([0.05, 0.035, 0.031])), ("class.epoch_loss_epochs", t([1, 5, 20])),
        ])
        let rows = figure.rows(data)
        #expect(rows.map(\.0) == ["class accuracy of 1000 guided samples (γ = 5), 95 % interval", "  per digit 0–9",
                                  "classConditioned loss after epochs 1, 5, 20"])
        #expect(rows.map(\.1) == ["97.5 % (96.4 %–98.3 %)", "100 99 97 96 98 95 99 97 98 96 %", "0.0500, 0.0350, 0.0310"])
    }

    @Test func theWilsonIntervalMatchesItsFormula() {
        // 975 of 1000 at z = 1.959964: (0.963355, 0.983010), the score interval's formula evaluated in Python.
        let (low, high) = Evaluation.wilsonInterval(successes: 975, trials: 1000)
        #expect(abs(low - 0.963355) < 1e-5 && abs(high - 0.983010) < 1e-5, "\(low) \(high)")
        // All correct: the interval still has width (unlike p ± z·sqrt(p(1-p)/n), which collapses to [1, 1]).
        let (allLow, allHigh) = Evaluation.wilsonInterval(successes: 10, trials: 10)
        #expect(allHigh > 0.9999 && abs(allLow - 0.722467) < 1e-5)
    }
}
