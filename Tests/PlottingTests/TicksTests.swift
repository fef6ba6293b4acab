import Testing
import Foundation
@testable import Plotting

@Suite struct TicksTests {
    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    @Test func niceLinearTicksForZeroToSevenPointThree() {
        let ticks = Ticks.linear(0, 7.3)
        #expect(close(ticks, [0, 2, 4, 6]), "\(ticks)")
        #expect(Ticks.linearLabels(ticks) == ["0", "2", "4", "6"])
    }

    @Test func linearStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        for (lo, hi) in [(0.0, 1.0), (-3.0, 17.0), (0.001, 0.0047), (0.0, 100_000.0), (12.5, 12.9)] {
            let ticks = Ticks.linear(lo, hi)
            #expect(ticks.count >= 2 && ticks.count <= 11, "\(lo)...\(hi): \(ticks)")
            #expect(ticks.allSatisfy { $0 >= lo - 1e-12 && $0 <= hi + 1e-12 }, "\(lo)...\(hi): \(ticks)")
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, (log10(step) + 1e-9).rounded(.down))
            #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-6 }, "step \(step)")
        }
    }

    @Test func fractionalTicksGetOnlyTheDecimalsTheyNeed() {
        let ticks = Ticks.linear(0, 1)
        #expect(Ticks.linearLabels(ticks) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.linearLabels([0.6, 0.7, 0.8]) == ["0.6", "0.7", "0.8"])
        #expect(Ticks.linearLabels([0, 0.05, 0.1]) == ["0.00", "0.05", "0.10"])
        #expect(Ticks.linearLabels([-1, 0, 1]) == ["-1", "0", "1"])
    }

    @Test func wholeNumberAxesNeverGetFractionalTicks() {
        #expect(close(Ticks.linear(1, 5, target: 8, minStep: 1), [1, 2, 3, 4, 5]))
        #expect(close(Ticks.linear(1, 5, target: 8), [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]))
    }

    @Test func niceRangeFramesTheData() {
        let (lo, hi) = Ticks.niceRange(0.13, 7.3)
        #expect(lo == 0 && hi == 8)
    }

    @Test func logTicksForThreeThousandthsToAHalf() {
        #expect(close(Ticks.log(3e-3, 0.5), [0.01, 0.1]))
        #expect(Ticks.log(3e-3, 0.5).map(Ticks.logLabel) == ["10⁻²", "10⁻¹"])
    }

    @Test func logTicksWithinOneDecadeUseTwoAndFiveMultiples() {
        #expect(close(Ticks.log(0.15, 0.9), [0.2, 0.5]))
    }

    @Test func logTicksThinOutOverManyDecades() {
        let ticks = Ticks.log(1e-12, 1e3, maxTicks: 8)
        #expect(ticks.count <= 8 && ticks.count >= 4, "\(ticks)")
        #expect(ticks.first == 1e-12)
    }

    @Test func logMinorTicksFillTheDecadesWithoutRepeatingMajors() {
        let minors = Ticks.logMinor(3e-3, 0.5, majors: [0.01, 0.1])
        #expect(close(minors, [0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009,
                               0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.2, 0.3, 0.4, 0.5]), "\(minors)")
    }

    @Test func crowdedDecadesGetOnlyTheSkippedPowersAsMinorTicks() {
        let minors = Ticks.logMinor(1e-6, 1e2, majors: [1e-6, 1e-4, 1e-2, 1], multiples: false)
        #expect(close(minors, [1e-5, 1e-3, 1e-1, 10, 100]), "\(minors)")
    }

    @Test func logLabelsUsePowersAndPlainSmallIntegers() {
        #expect(Ticks.logLabel(1e-3) == "10⁻³")
        #expect(Ticks.logLabel(1) == "1")
        #expect(Ticks.logLabel(100) == "100")
        #expect(Ticks.logLabel(1e4) == "10⁴")
        #expect(Ticks.logLabel(0.5) == "0.5")
        #expect(Ticks.logLabel(500) == "500")
        #expect(Ticks.logLabel(2e-2) == "0.02")
        #expect(Ticks.logLabel(2e-6) == "2×10⁻⁶")
    }
}
