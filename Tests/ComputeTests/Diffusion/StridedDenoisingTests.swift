import Foundation
import Testing
@testable import Compute

@Suite struct StridedDenoisingTests {
    /// Posterior mean of q(x_t' | x_t, x₀) by Gaussian conditioning, independent of eq. A.3's form:
    /// prior x_t' ~ N(√ᾱ_t' x₀, 1−ᾱ_t'), likelihood x_t | x_t' ~ N(√α x_t', β).
    func posteriorMean(x0: Double, xt: Double, abarT: Double, abarPrev: Double) -> Double {
        let alpha = abarT / abarPrev, beta = 1 - alpha
        let precision = 1 / (1 - abarPrev) + alpha / beta
        return (abarPrev.squareRoot() * x0 / (1 - abarPrev) + alpha.squareRoot() * xt / beta) / precision
    }

    @Test(arguments: [(false, 690, 660), (true, 207, 198), (true, 9, 0), (false, 30, 0)])
    func stepWithoutNoiseIsThePosteriorMean(_ step: (linear: Bool, t: Int, tPrev: Int)) throws {
        let (linear, t, tPrev) = step
        let schedule = linear ? try NoiseSchedule.linear(T: 300) : try NoiseSchedule.squaredCosCapV2(T: 1000)
        let noise = TestNoise(seed: 3)
        let x0 = noise.normal([2, 1, 3, 3]), eps = noise.normal([2, 1, 3, 3])
        let xt = try schedule.addNoise(x0, timesteps: [t, t], epsilon: eps)
        let result = try StridedDenoising.run(xt, timesteps: [t, tPrev], iStart: 0, schedule: schedule,
                                              stepNoise: .none, noise: noise.normal,
                                              epsilon: { _, _ in DenoiserOutput(epsilon: eps) })
        let abarT = schedule.alphaBarDouble[t], abarPrev = schedule.alphaBarDouble[tPrev]
        for i in 0..<x0.count {
            let want = posteriorMean(x0: Double(x0.data[i]), xt: Double(xt.data[i]), abarT: abarT, abarPrev: abarPrev)
            #expect(abs(Double(result.x.data[i]) - want) < 2e-4, "element \(i)")
        }
    }

    @Test func stepIntoTheCleanImageReturnsTheOneStepEstimate() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let noise = TestNoise(seed: 4)
        let x0 = noise.normal([1, 1, 4, 4]), eps = noise.normal([1, 1, 4, 4])
        let x1 = try schedule.addNoise(x0, timesteps: [0], epsilon: eps)
        // σ² = β would add noise, but Algorithm B.2 adds none on the last step: no draw at all.
        let before = noise.draws.count
        let out = try StridedDenoising.run(x1, timesteps: [0, -1], iStart: 0, schedule: schedule, stepNoise: .beta,
                                           noise: noise.normal, epsilon: { _, _ in DenoiserOutput(epsilon: eps) })
        #expect(noise.draws.count == before)
        #expect(maxAbsDifference(out.x, x0) < 1e-4)
    }

    @Test func noiseTermsHaveTheirDocumentedStandardDeviations() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let x = Tensor(zeros: [1, 1, 2, 2])
        let zeroEps: EpsilonFunction = { x, _ in DenoiserOutput(epsilon: Tensor(zeros: x.shape), variance: Tensor(zeros: x.shape)) }
        let c = try schedule.stepCoefficients(from: 207, to: 198)
        for (mode, std) in [(StepNoise.posteriorVariance, c.posteriorVariance.squareRoot()),
                            (.beta, c.beta.squareRoot()),
                            (.predicted({ v, _, _ in Tensor(shape: v.shape, data: [Float](repeating: 0.3, count: v.count)) }), 0.3)] {
            let noise = TestNoise(seed: 5)
            let out = try StridedDenoising.run(x, timesteps: [207, 198], iStart: 0, schedule: schedule,
                                               stepNoise: mode, noise: noise.normal, epsilon: zeroEps)
            #expect(noise.draws.count == 1)
            for (got, z) in zip(out.x.data, noise.draws[0].data) { #expect(abs(Double(got) - std * Double(z)) < 1e-6) }
        }
        #expect(abs(c.posteriorVariance - (1 - schedule.alphaBarDouble[198]) / (1 - schedule.alphaBarDouble[207]) * c.beta) < 1e-15)
        #expect(c.posteriorVariance < c.beta)
    }

    @Test func predictedVarianceFallsBackToPosteriorVarianceWhenTheModelGivesNone() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let x = Tensor(zeros: [1, 1, 2, 2])
        let noise = TestNoise(seed: 6)
        let out = try StridedDenoising.run(x, timesteps: [100, 90], iStart: 0, schedule: schedule,
                                           stepNoise: .predicted({ v, _, _ in v }), noise: noise.normal,
                                           epsilon: { x, _ in DenoiserOutput(epsilon: Tensor(zeros: x.shape)) })
        let std = try schedule.stepCoefficients(from: 100, to: 90).posteriorVariance.squareRoot()
        for (got, z) in zip(out.x.data, noise.draws[0].data) { #expect(abs(Double(got) - std * Double(z)) < 1e-6) }
    }

    @Test func recordingEveryFifthLoopFromIStart10GivesTheSpecsTimesteps() throws {
        let schedule = try NoiseSchedule.squaredCosCapV2()
        let ts = try Timesteps.strided(start: 990, stride: 30)
        let noise = TestNoise(seed: 7)
        var seen: [Int] = []
        let out = try StridedDenoising.run(noise.normal([1, 1, 2, 2]), timesteps: ts, iStart: 10, schedule: schedule,
                                           stepNoise: .posteriorVariance, recording: .every(5), noise: noise.normal,
                                           epsilon: { x, t in seen.append(t); return DenoiserOutput(epsilon: Tensor(zeros: x.shape)) })
        #expect(out.snapshots.map(\.timestep) == [690, 540, 390, 240, 90])
        #expect(seen.first == 690 && seen.last == 30 && seen.count == 23)
    }

    @Test func badLoopInputsThrow() throws {
        let schedule = try NoiseSchedule.linear(T: 300)
        let noise = TestNoise(seed: 8)
        let eps: EpsilonFunction = { x, _ in DenoiserOutput(epsilon: x) }
        let x = Tensor(zeros: [1, 1, 2, 2])
        #expect(throws: DiffusionError.startIndexOutOfRange(iStart: 3, count: 3)) {
            try StridedDenoising.run(x, timesteps: [20, 10, 0], iStart: 3, schedule: schedule, stepNoise: .none,
                                     noise: noise.normal, epsilon: eps)
        }
        #expect(throws: DiffusionError.timestepsNotDecreasing([10, 20, 0])) {
            try StridedDenoising.run(x, timesteps: [10, 20, 0], iStart: 0, schedule: schedule, stepNoise: .none,
                                     noise: noise.normal, epsilon: eps)
        }
        #expect(throws: DiffusionError.self) {
            try StridedDenoising.run(x, timesteps: [20, 10], iStart: 0, schedule: schedule, stepNoise: .none,
                                     noise: noise.normal, epsilon: { _, _ in DenoiserOutput(epsilon: Tensor(zeros: [1, 1, 3, 3])) })
        }
    }
}
