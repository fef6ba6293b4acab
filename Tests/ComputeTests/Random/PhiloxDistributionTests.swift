import Testing
@testable import Compute

@Suite struct PhiloxDistributionTests {
    @Test func millionNormalsHaveMeanZeroAndUnitVariance() {
        let (mean, variance) = meanAndVariance(Philox(seed: 1234, stream: 5).fillNormal(count: 1_000_000))
        #expect(abs(mean) < 0.005)
        #expect(abs(variance - 1) < 0.01)
    }

    @Test func millionUniformsAreInUnitIntervalWithMeanHalfAndVarianceOneTwelfth() {
        let xs = Philox(seed: 99, stream: 3).fillUniform(count: 1_000_000)
        #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        let (mean, variance) = meanAndVariance(xs)
        #expect(abs(mean - 0.5) < 0.002)
        #expect(abs(variance - 1.0 / 12) < 0.001)
    }

    @Test func normalsAreFiniteEvenForExtremeWords() {
        for a: UInt32 in [0, 1, .max] {
            for b: UInt32 in [0, 1 << 30, .max] {
                let z = Philox.boxMuller(a, b)
                #expect(z.cos.isFinite && z.sin.isFinite)
            }
        }
        #expect(Philox.unitFloat(.max) < 1)
        #expect(Philox.unitFloat(0) == 0)
    }

    @Test func uniformIntStaysInRangeAndHitsEveryValueEvenly() {
        let p = Philox(seed: 7, stream: 0)
        var counts = [Int](repeating: 0, count: 10)
        for i in 0..<100_000 { counts[p.uniformInt(10, index64: UInt64(i))] += 1 }
        // Each bin expects 10,000 with sd ~95: 5 sd either side.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "counts \(counts)")
    }

    @Test func bernoulliFrequencyMatchesP() {
        let p = Philox(seed: 8, stream: 1)
        let hits = (0..<100_000).filter { p.bernoulli(0.3, index: UInt64($0)) }.count
        #expect(abs(hits - 30_000) < 750)  // sd ~145
        #expect(!(0..<1000).contains { p.bernoulli(0, index: UInt64($0)) })
        #expect((0..<1000).allSatisfy { p.bernoulli(1, index: UInt64($0)) })
    }
}
