import Testing
@testable import SiteGen

/// The smoothed line of a loss curve follows the data without lag.
@Suite struct LossCurveFigureTests {
    @Test func centredMeanReproducesAStraightLineIncludingItsEnds() {
        let line = (0..<200).map { 3.0 - 0.01 * Double($0) }
        let smoothed = LossCurveFigure.centredMean(line, halfWidth: 25)
        #expect(smoothed.count == line.count)
        for (s, v) in zip(smoothed, line) { #expect(abs(s - v) < 1e-9) }
    }

    @Test func centredMeanAveragesNoiseAwayInTheMiddle() {
        let alternating = (0..<101).map { $0 % 2 == 0 ? 1.0 : 3.0 }
        let smoothed = LossCurveFigure.centredMean(alternating, halfWidth: 25)
        #expect(smoothed[0] == 1 && smoothed[100] == 1)          // a window of one at each end
        #expect(abs(smoothed[50] - 2) < 0.05)                     // 51 values: 25 ones (even steps) and 26 threes
        #expect(abs(smoothed[50] - (25.0 + 78.0) / 51.0) < 1e-12)
    }
}
