import Foundation
import Testing
@testable import SiteGen

@Suite struct Progress {
    final class Lines: @unchecked Sendable { var all: [String] = [] }

    @Test func aPlainLogPrintsAtMostOneLinePerIntervalAndAlwaysTheLast() {
        let lines = Lines()
        var now = Date(timeIntervalSince1970: 0)
        let bar = ProgressBar(title: "train", total: 100, interactive: false, plainInterval: 10,
                              write: { lines.all.append($0) }, clock: { now })
        for step in 1...100 {
            now = Date(timeIntervalSince1970: Double(step))
            bar.update(done: step, value: 0.5)
        }
        // First update, then every 10 s, then the final one.
        #expect(lines.all.count == 11)
        #expect(lines.all.last!.contains("100/100 img"))
        #expect(lines.all.last!.contains("took 1:40"))
        #expect(lines.all.allSatisfy { !$0.contains("\r") })
    }

    @Test func theLineShowsThroughputSmoothedValueAndETA() {
        let line = ProgressBar.format(title: "epoch 2/5", done: 250, total: 1000, unit: "img", elapsed: 5,
                                      value: ("loss", 0.03125), detail: "", width: 10)
        #expect(line == "epoch 2/5  [##........]  250/1000 img  loss 0.03125  50 img/s  ETA 0:15")
    }

    @Test func aResumedRunCountsOnlyItsOwnStepsTowardsRateAndETA() {
        // 400 of 1000 steps were done by an earlier run; this one did 100 more in 10 s.
        let line = ProgressBar.format(title: "train", done: 500, total: 1000, unit: "steps", startedAt: 400,
                                      elapsed: 10, value: nil, detail: "", width: 0)
        #expect(line == "train  500/1000 steps  10 steps/s  ETA 0:50")
    }
}
