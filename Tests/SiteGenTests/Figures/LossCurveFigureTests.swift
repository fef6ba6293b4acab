import Testing
import Foundation
import Compute
@testable import SiteGen

/// The smoothed line of a loss curve follows the data without lag, ends included.
@Suite struct LossCurveFigureTests {
    @Test func anExponentialDecayIsReproducedExactlyIncludingItsEnds() {
        let decay = (0..<200).map { 3.0 * exp(-0.02 * Double($0)) }
        let smoothed = LossCurveFigure.smoothed(decay, halfWidth: 25)
        #expect(smoothed.count == decay.count)
        for (s, v) in zip(smoothed, decay) { #expect(abs(s / v - 1) < 1e-9) }
    }

    @Test func noiseIsAveragedAwayAtTheEndsToo() {
        // A constant 2 with multiplicative noise ×1.5 / ÷1.5 on alternate steps: its log is symmetric around log 2.
        let noisy = (0..<101).map { $0 % 2 == 0 ? 2.0 * 1.5 : 2.0 / 1.5 }
        let smoothed = LossCurveFigure.smoothed(noisy, halfWidth: 25)
        for i in [20, 50, 99, 100] { #expect(abs(smoothed[i] - 2) < 0.1, "step \(i): \(smoothed[i])") }
    }

    @Test func aPlainMeanWouldSitAboveAConvexCurveWhereTheFitDoesNot() {
        let decay = (0..<100).map { exp(-0.1 * Double($0)) }
        let mean = (0..<51).reduce(0.0) { $0 + decay[$1] } / 51   // a plain mean around step 25
        #expect(mean > 2 * decay[25])
        #expect(abs(LossCurveFigure.smoothed(decay, halfWidth: 25)[25] / decay[25] - 1) < 1e-9)
    }
}

/// Each loss curve says which model it is and marks the epochs the course reports (5 and 20 for the DDPMs).
@Suite struct LossCurveMarksTests {
    let config = TrainingProfile.quick.config(for: .classConditioned)

    func figure() -> LossCurveFigure {
        LossCurveFigure(id: "b.class-loss", model: ModelRef(config: config, epoch: config.epochs, origin: .trained))
    }

    @Test func marksSitAtTheLastStepOfEpochs1And5And20WithTheirMeanLoss() {
        let steps = config.stepsPerEpoch(available: 60_000)
        // Loss 1.0 in epoch 1, then 0.5 until the end of epoch 5, then 0.1.
        let loss = (0..<steps * config.epochs).map { $0 < steps ? 1.0 : $0 < 5 * steps ? 0.5 : 0.1 }
        let marks = figure().epochMarks(loss)
        #expect(marks.map(\.x) == [Double(steps - 1), Double(5 * steps - 1), Double(20 * steps - 1)])
        #expect(marks.map(\.label) == ["epoch 1: 1.0000", "epoch 5: 0.5000", "epoch 20: 0.1000"])
    }

    @Test func theTitleAndCaptionNameTheModel() throws {
        let loss = [Float](repeating: 0.05, count: config.stepsPerEpoch(available: 60_000) * config.epochs)
        let data = FigureData(arrays: [("loss", Tensor(shape: [loss.count], data: loss))])
        let caption = figure().caption(data)
        #expect(caption.hasPrefix("Training loss of the class-conditioned DDPM at each of 1000 steps"), "\(caption)")
        #expect(caption.contains("epochs 1, 5, 20") && caption.contains("0.0500, 0.0500, 0.0500"), "\(caption)")
        let image = try figure().draw(data)
        // 800 × 500 on the page, drawn at the figures' pixel density.
        #expect(image.width == 800 * FigureStyle.density && image.height == 500 * FigureStyle.density)
    }
}
