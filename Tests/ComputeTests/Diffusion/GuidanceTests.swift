import Testing
@testable import Compute

@Suite struct GuidanceTests {
    let schedule = try! NoiseSchedule.linear(T: 300)

    @Test func gammaZeroIsUnconditionalAndGammaOneIsConditional() throws {
        let fake = GaussianFakeDenoiser(schedule: schedule)
        let x = TestNoise(seed: 9).normal([3, 1, 4, 4])
        let cond = fake.optimalEpsilon(x, t: 150, conditioning: Array(repeating: .label(7), count: 3))
        let uncond = fake.optimalEpsilon(x, t: 150, conditioning: Array(repeating: .null, count: 3))
        #expect(maxAbsDifference(cond, uncond) > 0.05)
        let g0 = try fake.predictGuided(x, t: 150, condition: .label(7), unconditional: .null, gamma: 0)
        let g1 = try fake.predictGuided(x, t: 150, condition: .label(7), unconditional: .null, gamma: 1)
        #expect(maxAbsDifference(g0.epsilon, uncond) < 1e-6)
        #expect(maxAbsDifference(g1.epsilon, cond) < 1e-6)
        let g5 = try fake.predictGuided(x, t: 150, condition: .label(7), unconditional: .null, gamma: 5)
        let formula = Tensor(shape: x.shape, data: zip(uncond.data, cond.data).map { $0 + 5 * ($1 - $0) })
        #expect(maxAbsDifference(g5.epsilon, formula) < 1e-5)
    }

    @Test func bothPassesGoThroughOneBatchedCallOfTwoN() throws {
        let fake = GaussianFakeDenoiser(schedule: schedule)
        fake.reportVariance = true
        let x = TestNoise(seed: 10).normal([3, 1, 4, 4])
        let out = try fake.predictGuided(x, timesteps: [5, 6, 7], condition: [.label(1), .label(2), .label(3)],
                                         unconditional: [.null], gamma: 7)
        #expect(fake.calls.count == 1)
        #expect(fake.calls[0].batch == 6)
        #expect(fake.calls[0].timesteps == [5, 6, 7, 5, 6, 7])
        #expect(fake.calls[0].conditioning == [.label(1), .label(2), .label(3), .null, .null, .null])
        // The fake's variance is the index of the sample in the big batch: the conditional half is 0, 1, 2.
        #expect(out.variance?.data == (0..<3).flatMap { Array(repeating: Float($0), count: 16) })
    }

    @Test func mismatchedConditioningCountsThrow() {
        let fake = GaussianFakeDenoiser(schedule: schedule)
        let x = Tensor(zeros: [3, 1, 4, 4])
        #expect(throws: DiffusionError.batchMismatch(what: "condition", expected: 3, got: 2)) {
            try fake.predictGuided(x, timesteps: [1, 1, 1], condition: [.null, .null], unconditional: [.null], gamma: 1)
        }
    }
}
